package dev.brisk.fields;

import static dev.brisk.fields.Shop.CATEGORY;
import static dev.brisk.fields.Shop.ORDER;
import static dev.brisk.fields.Shop.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.problem.Problem;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FieldMaskParseTest {

  private static String canonical(Resource resource, String expression) {
    return FieldMask.parse(resource, expression).canonical();
  }

  private static Problem problem(Resource resource, String expression) {
    try {
      FieldMask mask = FieldMask.parse(resource, expression);
      throw new AssertionError("expected a problem for " + expression + ", got " + mask);
    } catch (Problem p) {
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.type()).isEqualTo(Problem.TYPE_BASE + "invalid-parameter");
      assertThat(p.errors()).singleElement()
          .satisfies(e -> assertThat(e.pointer()).isEqualTo("?fields"));
      return p;
    }
  }

  @Test
  void selects_listed_fields_in_declaration_order() {
    FieldMask mask = FieldMask.parse(PRODUCT, "name,id");
    assertThat(mask.canonical()).isEqualTo("id,name");
    assertThat(mask.fields()).extracting(Field::name).containsExactly("id", "name");
    assertThat(mask.embeds()).isEmpty();
    assertThat(mask.isSelected("id")).isTrue();
    assertThat(mask.isSelected("sku")).isFalse();
    assertThat(mask.isSelected("nope")).isFalse();
  }

  @Test
  void omitted_parameter_gives_the_default_representation_without_embeds() {
    FieldMask mask = FieldMask.parse(PRODUCT, null);
    assertThat(mask).isSameAs(PRODUCT.defaults());
    assertThat(mask.canonical())
        .isEqualTo("id,sku,name,price_cents,stock,category_id,created_at");
  }

  @Test
  void default_embeds_are_part_of_the_default_representation() {
    assertThat(ORDER.defaults().canonical()).isEqualTo("id,user_id,status,total_cents,created_at,"
        + "items(product_id,quantity,unit_price_cents)");
  }

  @Test
  void star_selects_defaults_at_any_level() {
    assertThat(canonical(PRODUCT, "*")).isEqualTo(PRODUCT.defaults().canonical());
    assertThat(canonical(PRODUCT, "description,*"))
        .isEqualTo("id,sku,name,description,price_cents,stock,category_id,created_at");
    assertThat(canonical(PRODUCT, "name,category(*)")).isEqualTo("name,category(id,name)");
    assertThat(canonical(PRODUCT, "name,category.*")).isEqualTo("name,category(id,name)");
    assertThat(canonical(PRODUCT, "category(*,slug)")).isEqualTo("category(id,name,slug)");
  }

  @Test
  void embed_named_alone_selects_its_defaults() {
    assertThat(canonical(PRODUCT, "category")).isEqualTo("category(id,name)");
    assertThat(canonical(ORDER, "items")).isEqualTo("items(product_id,quantity,unit_price_cents)");
  }

  @Test
  void dot_paths_equal_nested_parentheses() {
    assertThat(FieldMask.parse(PRODUCT, "category.name"))
        .isEqualTo(FieldMask.parse(PRODUCT, "category(name)"));
    assertThat(canonical(ORDER, "items.product.category.name"))
        .isEqualTo("items(product(category(name)))");
    assertThat(canonical(ORDER, "items.product(name,category.slug)"))
        .isEqualTo("items(product(name,category(slug)))");
  }

  @Test
  void merges_duplicates_and_mixed_forms() {
    assertThat(canonical(PRODUCT, "category(name),name,category.id,name,category(name)"))
        .isEqualTo("name,category(id,name)");
    assertThat(canonical(ORDER, "items(quantity),items.product.name,items(product(id))"))
        .isEqualTo("items(quantity,product(id,name))");
  }

  @Test
  void tolerates_whitespace_around_tokens() {
    assertThat(canonical(ORDER, " id ,\titems ( quantity , product . name )\r\n, status "))
        .isEqualTo("id,status,items(quantity,product(name))");
  }

  @Test
  void exposes_the_tree() {
    FieldMask mask = FieldMask.parse(ORDER, "id,items(quantity,product(name))");
    Embed items = ORDER.embed("items");
    assertThat(mask.embeds()).containsExactly(items);
    FieldMask itemsMask = mask.sub(items);
    assertThat(itemsMask.resource()).isSameAs(Shop.ORDER_ITEM);
    assertThat(itemsMask.canonical()).isEqualTo("quantity,product(name)");
    assertThat(itemsMask.sub(Shop.ORDER_ITEM.embed("product")).canonical()).isEqualTo("name");
    assertThat(mask.sub(PRODUCT.embed("category"))).isNull();
    assertThat(FieldMask.parse(PRODUCT, "name").sub(PRODUCT.embed("category"))).isNull();
  }

  @Test
  void unknown_fields_are_named_with_their_full_path() {
    assertThat(problem(PRODUCT, "id,nme").detail())
        .startsWith("unknown field 'nme' at position 4; known fields here: id, sku, name");
    assertThat(problem(PRODUCT, "category(nme)").detail())
        .startsWith("unknown field 'category.nme' at position 10")
        .endsWith("known fields here: id, name, slug");
    assertThat(problem(PRODUCT, "category.nme").detail())
        .startsWith("unknown field 'category.nme' at position 10");
    assertThat(problem(ORDER, "items(product(category(nme)))").detail())
        .startsWith("unknown field 'items.product.category.nme' at position 24");
    assertThat(problem(PRODUCT, "Name").detail()).startsWith("unknown field 'Name'");
  }

  @Test
  void plain_fields_cannot_have_sub_fields() {
    assertThat(problem(PRODUCT, "name(x)").detail())
        .isEqualTo("'name' is a field, not an embedded resource, so it has no sub-fields"
            + " (position 5)");
    assertThat(problem(PRODUCT, "category.name.x").detail())
        .startsWith("'category.name' is a field");
    assertThat(problem(PRODUCT, "*(id)").detail()).isEqualTo("'*' cannot have sub-fields"
        + " (position 2)");
  }

  @Test
  void rejects_unbalanced_parentheses_with_positions() {
    assertThat(problem(PRODUCT, "category(name").detail())
        .isEqualTo("unbalanced parentheses: '(' at position 9 is never closed");
    assertThat(problem(ORDER, "items(product(name)").detail())
        .isEqualTo("unbalanced parentheses: '(' at position 6 is never closed");
    assertThat(problem(PRODUCT, "name)").detail())
        .isEqualTo("unbalanced parentheses: ')' at position 5 has no matching '('");
    assertThat(problem(PRODUCT, "category(name))").detail())
        .isEqualTo("unbalanced parentheses: ')' at position 15 has no matching '('");
  }

  @Test
  void rejects_empty_names() {
    assertThat(problem(PRODUCT, "id,,name").detail()).isEqualTo("empty field name at position 4");
    assertThat(problem(PRODUCT, "category()").detail())
        .isEqualTo("empty field name at position 10");
    assertThat(problem(PRODUCT, ".name").detail()).isEqualTo("empty field name at position 1");
    assertThat(problem(PRODUCT, "category..name").detail())
        .isEqualTo("empty field name at position 10");
    assertThat(problem(PRODUCT, "id,").detail())
        .isEqualTo("expected a field name at position 4 (end of input)");
    assertThat(problem(PRODUCT, "").detail()).startsWith("fields is empty");
    assertThat(problem(PRODUCT, "  ").detail()).startsWith("fields is empty");
  }

  @Test
  void rejects_bad_characters_with_positions() {
    assertThat(problem(PRODUCT, "id;name").detail())
        .isEqualTo("unexpected character ';' at position 3");
    assertThat(problem(PRODUCT, "name id").detail())
        .isEqualTo("unexpected character 'i' at position 6");
    assertThat(problem(PRODUCT, "id\u0000").detail())
        .isEqualTo("unexpected character U+0000 at position 3");
    assertThat(problem(PRODUCT, "nâme").detail())
        .isEqualTo("unexpected character U+00E2 at position 2");
    assertThat(problem(PRODUCT, "id,\uD83D\uDE00").detail())
        .isEqualTo("unexpected character U+1F600 at position 4");
    assertThat(problem(PRODUCT, "id\uD800").detail())
        .isEqualTo("unexpected character U+D800 at position 3");
    assertThat(problem(PRODUCT, "category(name)id").detail())
        .isEqualTo("unexpected character 'i' at position 15");
  }

  @Test
  void rejects_nesting_deeper_than_the_limit() {
    Resource chain = Chains.chain(7);
    String five = "next.next.next.next.next.id";
    assertThat(FieldMask.parse(chain, five).canonical())
        .isEqualTo("next(next(next(next(next(id)))))");
    assertThat(problem(chain, "next.next.next.next.next.next.id").detail())
        .isEqualTo("fields nest deeper than 5 levels at position 30");
    assertThat(problem(chain, "next(next(next(next(next(next(id))))))").detail())
        .isEqualTo("fields nest deeper than 5 levels at position 30");
    FieldMaskOptions shallow = FieldMaskOptions.defaults().withMaxDepth(1);
    assertThat(FieldMask.parse(chain, "next(id)", shallow).canonical()).isEqualTo("next(id)");
    assertThatThrownBy(() -> FieldMask.parse(chain, "next.next.id", shallow))
        .isInstanceOf(Problem.class).hasMessageContaining("deeper than 1 levels");
  }

  @Test
  void rejects_expressions_over_two_kib() {
    String exact = "id" + ",id".repeat(682);
    assertThat(exact).hasSize(2048);
    assertThat(FieldMask.parse(PRODUCT, exact).canonical()).isEqualTo("id");
    assertThat(problem(PRODUCT, exact + " ").detail())
        .isEqualTo("fields is longer than the limit of 2048 bytes");
    String multibyte = "id" + " ".repeat(2045) + "é";
    assertThat(multibyte).hasSize(2048);
    assertThat(problem(PRODUCT, multibyte).detail()).contains("longer than the limit");
    assertThat(problem(PRODUCT, "(".repeat(100_000)).detail()).contains("longer than the limit");
  }

  @Test
  void canonical_form_is_stable_and_parses_back_to_an_equal_mask() {
    String[] spellings = {
        "items(product(name,category(name)),quantity),id",
        "id, items.quantity, items.product.category.name, items.product.name",
        "items.product(category(name)),id,items(quantity,product.name),id",
    };
    for (String spelling : spellings) {
      FieldMask mask = FieldMask.parse(ORDER, spelling);
      assertThat(mask.canonical()).isEqualTo("id,items(quantity,product(name,category(name)))");
      assertThat(FieldMask.parse(ORDER, mask.canonical())).isEqualTo(mask)
          .hasSameHashCodeAs(mask);
    }
    assertThat(FieldMask.parse(PRODUCT, "id")).isNotEqualTo(FieldMask.parse(CATEGORY, "id"));
    assertThat(FieldMask.parse(PRODUCT, "id").toString()).isEqualTo("product(id)");
  }

  @Test
  void star_equals_listing_the_defaults() {
    String listed = PRODUCT.fields().stream().filter(Field::isDefault).map(Field::name)
        .collect(Collectors.joining(","));
    assertThat(FieldMask.parse(PRODUCT, listed)).isEqualTo(FieldMask.parse(PRODUCT, "*"));
  }
}
