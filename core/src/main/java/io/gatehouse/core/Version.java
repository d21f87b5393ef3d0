package io.gatehouse.core;

/** Version strings: Gatehouse's own, and the Kong version whose behaviour it reproduces. */
public final class Version {
  /** Gatehouse's release. */
  public static final String GATEHOUSE = "0.1.0";
  /** The Kong Gateway line this build is compatible with (reported where Kong tools read a version). */
  public static final String KONG_COMPAT = "3.9.1";

  private Version() {}
}
