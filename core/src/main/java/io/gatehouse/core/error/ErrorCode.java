package io.gatehouse.core.error;

/** Kong's DAO error codes ({@code kong/db/errors.lua}), each with its one HTTP status. */
public enum ErrorCode {
  INVALID_PRIMARY_KEY(1, "invalid primary key", 400),
  SCHEMA_VIOLATION(2, "schema violation", 400),
  PRIMARY_KEY_VIOLATION(3, "primary key violation", 400),
  FOREIGN_KEY_VIOLATION(4, "foreign key violation", 400),
  UNIQUE_VIOLATION(5, "unique constraint violation", 409),
  NOT_FOUND(6, "not found", 404),
  INVALID_OFFSET(7, "invalid offset", 400),
  DATABASE_ERROR(8, "database error", 500),
  INVALID_SIZE(9, "invalid size", 400),
  INVALID_UNIQUE(10, "invalid unique", 400),
  INVALID_OPTIONS(11, "invalid options", 400),
  OPERATION_UNSUPPORTED(12, "operation unsupported", 405),
  FOREIGN_KEYS_UNRESOLVED(13, "foreign keys unresolved", 400),
  INVALID_DECLARATIVE_CONFIGURATION(14, "invalid declarative configuration", 400),
  TRANSFORMATION_ERROR(15, "transformation error", 500),
  INVALID_FOREIGN_KEY(16, "invalid foreign key", 400),
  REFERENCED_BY_OTHERS(19, "referenced by others", 400);

  private final int code;
  private final String kongName;
  private final int httpStatus;

  ErrorCode(int code, String kongName, int httpStatus) {
    this.code = code;
    this.kongName = kongName;
    this.httpStatus = httpStatus;
  }

  public int code() {
    return code;
  }

  /** The {@code name} member of Kong's error object. */
  public String kongName() {
    return kongName;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
