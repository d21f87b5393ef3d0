package io.gatehouse.admin.http;

/** A non-DAO error that maps straight to a {@code {"message": …}} response. */
public final class HttpError extends RuntimeException {
  private final int status;

  public HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public AdminResponse toResponse() {
    return status == 415 ? AdminResponse.empty(415) : AdminResponse.message(status, getMessage());
  }
}
