package dev.brisk.endpoint;

import static dev.brisk.fields.FieldType.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.fields.Resource;
import dev.brisk.http.Routes;
import dev.brisk.page.Pager;
import dev.brisk.test.TestBrisk;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The summaries an endpoint derives for the API description name its rows, never the schema
 * that holds their table (a test class's random schema, a tenant's schema).
 */
class DerivedSummariesTest {

  /** Declares the routes only: the description is read, never the table. */
  static final class TomesApp implements BriskApp {
    static final Resource TOME = Resource.builder("tome", "library_archive.tomes", "t")
        .field("id", "id", LONG)
        .build();

    @Override
    public void routes(Routes routes, BriskContext context) {
      context.endpoint(TOME, Pager.create(context.pages()))
          .build()
          .list(routes, Mount.at("/api/tomes", Access.open()))
          .export(routes, Mount.at("/api/tomes/export", Access.open()), context.streams())
          .get(routes, Mount.at("/api/tomes/:id", Access.open()));
    }
  }

  private static final TestBrisk APP = TestBrisk.start(TomesApp::new);

  @AfterAll
  static void stop() {
    APP.close();
  }

  @Test
  void a_list_of_a_table_in_a_schema_is_summarized_without_the_schema() {
    JsonObject paths = APP.get("/openapi.json").bodyAsJsonObject().getJsonObject("paths");
    assertThat(summary(paths, "/api/tomes")).isEqualTo("List tomes, keyset-paged");
    assertThat(summary(paths, "/api/tomes/{id}")).isEqualTo("One tome by id");
    assertThat(summary(paths, "/api/tomes/export")).isEqualTo("Stream every matching tome");
  }

  private static String summary(JsonObject paths, String path) {
    return paths.getJsonObject(path).getJsonObject("get").getString("summary");
  }
}
