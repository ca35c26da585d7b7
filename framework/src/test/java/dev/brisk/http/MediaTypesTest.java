package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediaTypesTest {

  private static final List<String> BOTH = List.of(MediaTypes.JSON, MediaTypes.PROTOBUF);

  @Test
  void missing_or_blank_accept_takes_the_first_produced() {
    assertThat(MediaTypes.negotiate(null, BOTH)).isEqualTo(MediaTypes.JSON);
    assertThat(MediaTypes.negotiate("  ", BOTH)).isEqualTo(MediaTypes.JSON);
    assertThat(MediaTypes.negotiate(null, List.of())).isNull();
  }

  @Test
  void an_accept_of_empty_list_elements_states_no_preference() {
    // RFC 9110 section 5.6.1.2: empty elements are ignored, so ", ," lists nothing (it was 406).
    assertThat(MediaTypes.negotiate(", ,\t,", BOTH)).isEqualTo(MediaTypes.JSON);
    assertThat(MediaTypes.negotiate(",", List.of("application/x-ndjson")))
        .isEqualTo("application/x-ndjson");
    assertThat(MediaTypes.negotiate(", application/x-protobuf,", BOTH))
        .isEqualTo(MediaTypes.PROTOBUF);
  }

  @Test
  void highest_q_wins_and_ties_keep_the_servers_order() {
    assertThat(MediaTypes.negotiate("application/x-protobuf", BOTH)).isEqualTo(MediaTypes.PROTOBUF);
    assertThat(MediaTypes.negotiate("application/json;q=0.4, application/x-protobuf;q=0.8", BOTH))
        .isEqualTo(MediaTypes.PROTOBUF);
    assertThat(MediaTypes.negotiate("application/x-protobuf, application/json", BOTH))
        .isEqualTo(MediaTypes.JSON);
    assertThat(MediaTypes.negotiate("*/*", BOTH)).isEqualTo(MediaTypes.JSON);
  }

  @Test
  void the_most_specific_range_sets_the_q_value() {
    assertThat(MediaTypes.negotiate("application/*;q=0.9, application/json;q=0.1", BOTH))
        .isEqualTo(MediaTypes.PROTOBUF);
    assertThat(MediaTypes.negotiate("*/*;q=0.1, application/json", BOTH))
        .isEqualTo(MediaTypes.JSON);
  }

  @Test
  void zero_or_malformed_q_refuses_the_type() {
    assertThat(MediaTypes.negotiate("application/json;q=0", List.of(MediaTypes.JSON))).isNull();
    assertThat(MediaTypes.negotiate("application/json;q=abc", List.of(MediaTypes.JSON))).isNull();
    assertThat(MediaTypes.negotiate("application/json;q=1.5", List.of(MediaTypes.JSON))).isNull();
    assertThat(MediaTypes.negotiate("text/csv, nonsense", BOTH)).isNull();
  }

  @Test
  void a_proto_parameter_must_name_the_offered_message() {
    String product = MediaTypes.protobuf("brisk.shop.Product");
    List<String> offered = List.of(MediaTypes.JSON, product);
    assertThat(product).isEqualTo("application/x-protobuf; proto=brisk.shop.Product");
    assertThat(MediaTypes.negotiate("application/x-protobuf;proto=brisk.shop.Product", offered))
        .isEqualTo(product);
    assertThat(MediaTypes.negotiate("application/x-protobuf; PROTO=\"brisk.shop.Product\"",
        offered)).isEqualTo(product);
    assertThat(MediaTypes.negotiate("application/x-protobuf", offered)).isEqualTo(product);
    // Another message: not this route's protobuf, and JSON was not asked for.
    assertThat(MediaTypes.negotiate("application/x-protobuf;proto=brisk.shop.Order", offered))
        .isNull();
    assertThat(MediaTypes.negotiate("application/x-protobuf;proto=brisk.shop.product", offered))
        .isNull();
    assertThat(MediaTypes.negotiate("application/x-protobuf;proto=brisk.shop.Order, "
        + "application/json;q=0.5", offered)).isEqualTo(MediaTypes.JSON);
    // The range naming the message is more specific than the bare type (RFC 9110 12.5.1).
    assertThat(MediaTypes.negotiate("application/x-protobuf;proto=brisk.shop.Product;q=0, "
        + "application/x-protobuf, application/json;q=0.5", offered))
        .isEqualTo(MediaTypes.JSON);
    assertThat(MediaTypes.negotiate("application/x-protobuf;q=0, "
        + "application/x-protobuf;proto=brisk.shop.Product", offered)).isEqualTo(product);
    // After q come accept-ext parameters, not the media type's.
    assertThat(MediaTypes.negotiate("application/x-protobuf;q=1;proto=brisk.shop.Order",
        offered)).isEqualTo(product);
    // An offer that names no message takes any.
    assertThat(MediaTypes.negotiate("application/x-protobuf;proto=x.Y", BOTH))
        .isEqualTo(MediaTypes.PROTOBUF);
  }

  @Test
  void matching_ignores_case_and_parameters_other_than_q() {
    assertThat(MediaTypes.accepts("Application/JSON; charset=utf-8", MediaTypes.JSON)).isTrue();
    assertThat(MediaTypes.accepts("text/*", MediaTypes.JSON)).isFalse();
    assertThat(MediaTypes.accepts("application/*; Q=0.5", MediaTypes.JSON)).isTrue();
  }

  @Test
  void essence_drops_parameters_and_lower_cases() {
    assertThat(MediaTypes.essence(" Application/JSON ; charset=UTF-8"))
        .isEqualTo("application/json");
    assertThat(MediaTypes.essence("text/plain")).isEqualTo("text/plain");
    assertThat(MediaTypes.essence(null)).isNull();
  }

  @Test
  void tells_well_formed_accept_values_from_malformed_ones() {
    for (String ok : new String[] {"", "*/*", "application/json", "text/html, application/json;"
        + "q=0.9, */*;q=0.1", "application/json;charset=\"utf-8\"", "a/b ,, c/d", "a/b;",
        "a/b;q=1.000", "a/b; Q=0", "a/b;q=0.123;level=1"}) {
      assertThat(MediaTypes.isValidAccept(ok)).as(ok).isTrue();
    }
    for (String bad : new String[] {";", "json", "application/", "a/b;q", "a/b;=1", "a/b c/d",
        "a/b;q=\"1", "/json", "*/*;q=abc", "a/b;q=1.5", "a/b; Q=-1", "a/b;q=0.1234",
        "a/b;q=", "a/b, c/d;q=2"}) {
      assertThat(MediaTypes.isValidAccept(bad)).as(bad).isFalse();
    }
  }

  @Test
  void tells_utf_8_bodies_from_bodies_declared_in_another_charset() {
    for (String utf8 : new String[] {null, "application/json", "application/json; charset=utf-8",
        "application/json;CHARSET=\"UTF-8\"", "application/x-ndjson; charset=utf8; v=1"}) {
      assertThat(MediaTypes.isUtf8(utf8)).as(utf8).isTrue();
    }
    for (String other : new String[] {"application/json; charset=latin1",
        "application/json; charset=\"UTF-16\"", "application/json; charset=",
        "application/json; charset=utf-8; charset=latin1"}) {
      assertThat(MediaTypes.isUtf8(other)).as(other).isFalse();
    }
  }

  @Test
  void reads_a_quoted_parameter_value_whole() {
    // Split at every ';', the quoted value's 'charset=utf-8' was taken for the charset.
    assertThat(MediaTypes.isUtf8("application/json; x=\"a;charset=utf-8\"; charset=latin1"))
        .isFalse();
    assertThat(MediaTypes.isUtf8("application/json; x=\"a;charset=latin1\"; charset=utf-8"))
        .isTrue();
    assertThat(MediaTypes.isValidContentType("application/json; x=\"charset=a\"; charset=b"))
        .isTrue();
  }

  @Test
  void a_parameter_named_twice_is_malformed() {
    // RFC 6838 section 4.3; a gateway reading the last charset decodes what Brisk read as UTF-8.
    for (String twice : new String[] {"application/json; charset=utf-8; charset=latin1",
        "application/json; charset=utf-8; CHARSET=utf-8", "application/json;a=1;b=2;a=\"1\""}) {
      assertThat(MediaTypes.isValidContentType(twice)).as(twice).isFalse();
    }
    assertThat(MediaTypes.isValidContentType("application/json;a=1;;b=2;")).isTrue();
  }

  @Test
  void tells_well_formed_content_types_from_malformed_ones() {
    assertThat(MediaTypes.isValidContentType("application/json; charset=utf-8")).isTrue();
    assertThat(MediaTypes.isValidContentType("application/json, text/plain")).isFalse();
    assertThat(MediaTypes.isValidContentType("application/json; charset")).isFalse();
    assertThat(MediaTypes.isValidContentType(";")).isFalse();
  }

  @Test
  void rejects_a_hostile_header_without_backtracking_for_ever() {
    String hostile = "a/b" + ";".repeat(4000) + " ".repeat(4000) + "x";
    assertThat(MediaTypes.isValidAccept(hostile)).isFalse();
    assertThat(MediaTypes.negotiate(";", List.of("application/json"))).isNull();
  }
}
