package io.gatehouse.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class KongExceptionTest {
  @Test
  void database_error_keeps_its_cause_and_maps_to_500() { // Kong's code 8
    SQLException cause = new SQLException("connection refused");
    KongException e = KongException.databaseError("database unavailable", cause);
    assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
    assertThat(e.httpStatus()).isEqualTo(500);
    assertThat(e.getCause()).isSameAs(cause);
  }
}
