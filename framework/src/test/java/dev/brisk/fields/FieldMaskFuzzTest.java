package dev.brisk.fields;

import static dev.brisk.fields.Shop.ORDER;
import static dev.brisk.fields.Shop.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.brisk.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Seeded property tests: whatever the input, parse gives a FieldMask or a 400 Problem. */
class FieldMaskFuzzTest {
  private static final String[] TOKENS = {
      "id", "name", "category", "items", "product", "quantity", "slug", "status", "nme", "x",
      "(", ")", ",", ".", "*", " ", "\t", "((", "))", ",,", "..", "category(", "items.",
  };
  private static final String[] VALID = {
      "id,name,category(name,id)", "id,items(quantity,product(name))", "category.name",
      "*,category(*)", "items.product.category(name,slug),status", " id , name ",
  };

  @Test
  void random_strings_give_a_mask_or_a_400() {
    SplittableRandom random = new SplittableRandom(20260102L);
    int masks = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder input = new StringBuilder();
      int tokens = random.nextInt(25);
      for (int t = 0; t < tokens; t++) {
        input.append(random.nextInt(5) == 0 ? (char) random.nextInt(0x10000)
            : TOKENS[random.nextInt(TOKENS.length)]);
      }
      masks += check(random.nextBoolean() ? ORDER : PRODUCT, input.toString()) ? 1 : 0;
    }
    assertThat(masks).as("some random inputs should be valid").isGreaterThan(100);
  }

  @Test
  void mutations_of_valid_expressions_give_a_mask_or_a_400() {
    SplittableRandom random = new SplittableRandom(42L);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder input = new StringBuilder(VALID[random.nextInt(VALID.length)]);
      int mutations = 1 + random.nextInt(4);
      for (int m = 0; m < mutations; m++) {
        mutate(input, random);
      }
      check(random.nextBoolean() ? ORDER : PRODUCT, input.toString());
    }
  }

  @Test
  void deep_and_long_inputs_give_a_400_not_a_stack_overflow() {
    SplittableRandom random = new SplittableRandom(7L);
    for (int i = 0; i < 200; i++) {
      int depth = 1 + random.nextInt(1500);
      String open = random.nextBoolean() ? "items(" : random.nextBoolean() ? "(" : "items.";
      check(ORDER, open.repeat(depth) + "id" + ")".repeat(random.nextInt(depth + 1)));
    }
  }

  @Test
  void generated_valid_expressions_parse_to_the_modelled_selection() {
    SplittableRandom random = new SplittableRandom(99L);
    for (int i = 0; i < 5_000; i++) {
      Resource resource = random.nextBoolean() ? ORDER : PRODUCT;
      Model model = new Model(resource);
      String expression = list(model, random, 0);
      FieldMask mask;
      try {
        mask = FieldMask.parse(resource, expression);
      } catch (Problem p) {
        throw new AssertionError("valid expression '" + expression + "' rejected: " + p.detail());
      }
      assertThat(mask.canonical()).as(expression).isEqualTo(model.canonical());
      assertThat(FieldMask.parse(resource, mask.canonical())).isEqualTo(mask);
    }
  }

  /** Returns true for a mask, false for a 400 problem; fails the test on anything else. */
  private static boolean check(Resource resource, String input) {
    try {
      FieldMask mask = FieldMask.parse(resource, input);
      assertThat(FieldMask.parse(resource, mask.canonical())).isEqualTo(mask);
      assertThat(mask.projection()).isNotEmpty();
      return true;
    } catch (Problem p) {
      assertThat(p.status()).as(escape(input)).isEqualTo(400);
      assertThat(p.errors()).as(escape(input)).extracting(Problem.FieldError::pointer)
          .containsExactly("?fields");
      assertThat(p.detail()).as(escape(input)).isNotBlank();
      return false;
    } catch (Throwable t) {
      return fail("input '" + escape(input) + "' threw " + t, t);
    }
  }

  private static void mutate(StringBuilder s, SplittableRandom random) {
    int at = s.length() == 0 ? 0 : random.nextInt(s.length());
    switch (random.nextInt(5)) {
      case 0:
        if (s.length() > 0) {
          s.deleteCharAt(at);
        }
        break;
      case 1:
        s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
        break;
      case 2:
        if (s.length() > 0) {
          s.setCharAt(at, (char) random.nextInt(0x80));
        }
        break;
      case 3:
        s.insert(at, s.substring(at, at + random.nextInt(s.length() - at + 1)));
        break;
      default:
        s.setLength(at);
    }
  }

  private static String escape(String input) {
    StringBuilder out = new StringBuilder();
    input.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
        : String.format("\\u%04x", c)));
    return out.toString();
  }

  private static String list(Model model, SplittableRandom random, int depth) {
    List<String> items = new ArrayList<>();
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      items.add(item(model, random, depth));
      if (random.nextInt(6) == 0) {
        items.add(items.get(random.nextInt(items.size())));
      }
    }
    String separator = random.nextInt(3) == 0 ? " , " : ",";
    return String.join(separator, items);
  }

  private static String item(Model model, SplittableRandom random, int depth) {
    Resource resource = model.resource;
    if (random.nextInt(10) == 0) {
      model.addDefaults();
      return "*";
    }
    List<Field> fields = resource.fields();
    List<Embed> embeds = resource.embeds();
    int pick = random.nextInt(fields.size() + embeds.size());
    if (pick < fields.size() || depth >= 3) {
      Field field = fields.get(random.nextInt(fields.size()));
      model.selected.put(resource.position(field.name()), null);
      return field.name();
    }
    Embed embed = embeds.get(pick - fields.size());
    Model sub = model.embed(embed);
    switch (random.nextInt(4)) {
      case 0:
        sub.addDefaults();
        return embed.name();
      case 1:
        return embed.name() + "." + item(sub, random, depth + 1);
      case 2:
        sub.addDefaults();
        return embed.name() + "(*)";
      default:
        return embed.name() + " (" + list(sub, random, depth + 1) + ")";
    }
  }

  /** An independent model of a selection: positions to sub-models (null for fields). */
  private static final class Model {
    final Resource resource;
    final TreeMap<Integer, Model> selected = new TreeMap<>();

    Model(Resource resource) {
      this.resource = resource;
    }

    Model embed(Embed embed) {
      return selected.computeIfAbsent(embed.position(), p -> new Model(embed.target()));
    }

    void addDefaults() {
      resource.fields().stream().filter(Field::isDefault)
          .forEach(f -> selected.put(resource.position(f.name()), null));
      resource.embeds().stream().filter(Embed::isDefault).forEach(e -> embed(e).addDefaults());
    }

    String canonical() {
      List<String> parts = new ArrayList<>();
      selected.forEach((position, sub) -> parts.add(sub == null
          ? resource.memberAt(position).name()
          : resource.embeds().stream().filter(e -> e.position() == position).findFirst()
              .orElseThrow().name() + "(" + sub.canonical() + ")"));
      return String.join(",", parts);
    }
  }
}
