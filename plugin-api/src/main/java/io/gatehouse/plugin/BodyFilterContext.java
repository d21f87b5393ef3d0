package io.gatehouse.plugin;

/** The body_filter phase: which response the chunks belong to. */
public interface BodyFilterContext extends PhaseContext {

  int status();
}
