package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class UsersReadTest {

  @Test
  void user_has_contract_fields_and_demo_tiers() {
    JsonObject u = Http.json(Http.get("/api/users/2"));
    assertThat(u.fieldNames()).containsExactlyInAnyOrder("id", "email", "name", "tier",
        "created_at");
    assertThat(u.getString("tier")).isEqualTo("pro");
    assertThat(Http.json(Http.get("/api/users/3?fields=tier")).getString("tier"))
        .isEqualTo("internal");
    assertThat(Http.get("/api/users/99999999").statusCode()).isEqualTo(404);
    assertThat(Http.get("/api/users/x").statusCode()).isEqualTo(400);
  }
}
