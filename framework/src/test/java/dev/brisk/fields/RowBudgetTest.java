package dev.brisk.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The request's embedded-row budget, which a batch's sub-requests share. */
@ExtendWith(VertxExtension.class)
class RowBudgetTest {

  @Test
  void a_refused_embed_leaves_the_budget_to_siblings_that_fit(Vertx vertx, VertxTestContext test) {
    ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    new RequestScope("r1", 5_000_000_000L, System::nanoTime).bind(request);
    request.runOnContext(v -> test.verify(() -> {
      EmbedLimits limits = EmbedLimits.defaults();
      assertThat(RowBudget.take(40_000, limits)).isNull();
      Problem refused = RowBudget.take(20_000, limits);
      assertThat(refused.status()).isEqualTo(413);
      assertThat(RowBudget.take(10_000, limits)).isNull();
      assertThat(RowBudget.take(1, limits)).isNotNull();
      test.completeNow();
    }));
  }

  @Test
  void a_callers_tier_has_its_own_budget_and_a_sub_request_its_outer_ones(Vertx vertx,
      VertxTestContext test) {
    EmbedLimits limits = EmbedLimits.defaults().withMaxRowsByTier(Map.of("anonymous", 100L));
    RequestScope outer = new RequestScope("r2", 5_000_000_000L, System::nanoTime);
    outer.caller("ip:1.2.3.4", "anonymous", null);
    ContextInternal sub = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    new RequestScope("r2-1", 5_000_000_000L, System::nanoTime, outer).bind(sub);
    RequestScope internal = new RequestScope("r3", 5_000_000_000L, System::nanoTime);
    internal.caller("key:3", "internal", null);
    ContextInternal other = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    internal.bind(other);
    sub.runOnContext(v -> test.verify(() -> {
      assertThat(RowBudget.take(100, limits)).isNull();
      assertThat(RowBudget.take(1, limits).detail())
          .isEqualTo("The response would embed more than 100 rows (the budget of tier "
              + "anonymous); ask for fewer rows (a smaller limit or narrower filters) or fewer "
              + "embeds (fields)");
      // A tier not listed: the rows per request.
      other.runOnContext(w -> test.verify(() -> {
        assertThat(RowBudget.take(50_000, limits)).isNull();
        assertThat(RowBudget.take(1, limits).detail()).startsWith("The response would embed "
            + "more than 50000 rows; ");
        test.completeNow();
      }));
    }));
  }
}
