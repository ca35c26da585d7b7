package dev.brisk.endpoint;

import static dev.brisk.fields.FieldType.BOOL;
import static dev.brisk.fields.FieldType.JSON;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.NUMERIC;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.fields.FieldType.TIMESTAMP;
import static dev.brisk.fields.FieldType.UUID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.brisk.auth.Access;
import dev.brisk.db.Db;
import dev.brisk.db.DbOptions;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.fields.Resource;
import dev.brisk.fields.ResourceReader;
import dev.brisk.fields.ResourceReader.Statement;
import dev.brisk.page.PageOptions;
import dev.brisk.page.PageRequest;
import dev.brisk.page.Pager;
import dev.brisk.page.Sort;
import dev.brisk.problem.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a list endpoint accepts and the SQL it reads, without a database: {@link
 * ResourceEndpoint#pageStatement} runs the list's parsing and SQL building. The {@link Db} points
 * at a closed port and is never queried.
 */
class ResourceEndpointTest {

  static final Resource BOOK = Resource.builder("book", "books", "b")
      .field("id", "id", LONG)
      .field("title", "title", TEXT)
      .field("author_id", "author_id", LONG)
      .field("genre", "genre", TEXT)
      .field("pages", "pages", LONG)
      .field("published_at", "published_at", TIMESTAMP)
      .field("in_print", "in_print", BOOL)
      .field("score", "score", NUMERIC)
      .field("editor", "editor", UUID)
      .field("extra", "extra", JSON)
      .build();

  private static Vertx vertx;
  private static Db db;
  private static final Pager PAGER = Pager.create(PageOptions.defaults());

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    db = Db.create(vertx, DbOptions.fromUrl("postgresql://nobody@127.0.0.1:1/none"));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static ResourceEndpoint books() {
    return ResourceEndpoint.builder(BOOK, db, PAGER)
        .filter(Filter.id("author_id"), Filter.atLeast("min_pages", "pages"),
            Filter.prefix("q", "title").ignoringCase(),
            Filter.oneOf("genre", "genre", List.of("poetry", "crime")))
        .sorts("title", "published_at")
        .build();
  }

  private static MultiMap query(String text) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (String pair : text.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        map.add(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return map;
  }

  private static Problem problem(ResourceEndpoint endpoint, String text) {
    Throwable t = catchThrowable(() -> endpoint.pageStatement(query(text)));
    assertThat(t).as(text).isInstanceOf(Problem.class);
    return (Problem) t;
  }

  @Test
  void sorts_come_from_field_names_with_id_breaking_ties() {
    assertThat(books().sorts()).extracting(Sort::name).containsExactly("id", "-id", "title",
        "-title", "published_at", "-published_at");
    Statement byTitle = books().pageStatement(query("sort=-title&fields=id"));
    assertThat(byTitle.sql()).contains("ORDER BY b.title DESC, b.id DESC LIMIT 21")
        .contains("b.title AS title");
    ResourceEndpoint newest = ResourceEndpoint.builder(BOOK, db, PAGER)
        .sorts("published_at").defaultSort("-published_at").build();
    assertThat(newest.sorts().get(0).name()).isEqualTo("-published_at");
    assertThat(newest.pageStatement(query("")).sql())
        .contains("ORDER BY b.published_at DESC, b.id DESC");
  }

  @Test
  void filters_become_one_where_clause() {
    Statement s = books().pageStatement(query("author_id=7&min_pages=100&q=The&genre=crime"));
    assertThat(s.sql()).contains("WHERE (b.author_id = $1) AND (b.pages >= $2) AND "
        + "(lower(b.title) LIKE $3) AND (b.genre = $4) AND TRUE");
    assertThat(List.of(s.params().getValue(0), s.params().getValue(1), s.params().getValue(2),
        s.params().getValue(3))).containsExactly(7L, 100L, "the%", "crime");
  }

  @Test
  void a_timestamp_field_is_bounded_by_an_rfc_3339_value_bound_as_an_instant() {
    ResourceEndpoint since = ResourceEndpoint.builder(BOOK, db, PAGER)
        .filter(Filter.atLeast("published_from", "published_at"),
            Filter.atMost("published_until", "published_at"))
        .build();
    Statement s = since.pageStatement(query(
        "published_from=2024-01-31T09:30:00+01:00&published_until=2024-02-01T00:00:00Z"));
    assertThat(s.sql()).contains("WHERE (b.published_at >= $1) AND (b.published_at <= $2)");
    assertThat(s.params().getValue(0)).isEqualTo(OffsetDateTime.parse("2024-01-31T08:30Z"));
    assertThat(problem(since, "published_from=yesterday").detail())
        .startsWith("published_from must be an RFC 3339 date-time");
  }

  @Test
  void unknown_parameters_are_400_naming_the_known_ones() {
    Problem p = problem(books(), "author=7");
    assertThat(p.detail()).isEqualTo("unknown query parameter 'author'; this endpoint accepts: "
        + "author_id, cursor, fields, genre, limit, min_pages, q, sort");
    assertThat(problem(books(), "sort=pages").detail()).startsWith("sort must be one of id, -id");
    assertThat(problem(books(), "fields=isbn").detail()).contains("isbn");
    assertThat(problem(books(), "limit=0").detail()).contains("limit");
  }

  @Test
  void a_cursor_is_bound_to_the_filters_it_was_minted_with() {
    ResourceEndpoint books = books();
    PageRequest first = PAGER.parse(query("limit=1&author_id=7"), books.sorts().get(0),
        Map.of("author_id", 7L));
    String cursor = PAGER.page(first, List.of(Map.of("id", 1L), Map.of("id", 2L)),
        (row, col) -> row.get(col.name())).nextCursor();
    assertThat(books.pageStatement(query("limit=1&author_id=7&cursor=" + cursor)).sql())
        .contains("b.id > $2");
    assertThat(problem(books, "limit=1&author_id=8&cursor=" + cursor).detail())
        .contains("cursor");
    assertThat(problem(books, "limit=1&cursor=" + cursor).detail()).contains("cursor");
    assertThat(problem(books, "limit=1&author_id=7&sort=-id&cursor=" + cursor).detail())
        .contains("cursor");
  }

  /** Booleans, decimals and UUIDs bind the cursor by their meaning: 4.50 is 4.5, case is moot. */
  @Test
  void a_cursor_is_bound_to_boolean_decimal_and_uuid_values() {
    ResourceEndpoint books = ResourceEndpoint.builder(BOOK, db, PAGER)
        .filter(Filter.equalTo("in_print", "in_print"), Filter.atLeast("min_score", "score"),
            Filter.id("editor"))
        .build();
    String editor = "0b5e2f6c-8a8d-4c3e-9f1a-2d4b6c8e0f1a";
    Map<String, Object> minted = Map.of("in_print", true, "min_score", new BigDecimal("4.5"),
        "editor", java.util.UUID.fromString(editor));
    String cursor = PAGER.page(PAGER.parse(query("limit=1"), books.sorts().get(0), minted),
        List.of(Map.of("id", 1L), Map.of("id", 2L)), (row, col) -> row.get(col.name()))
        .nextCursor();
    String same = "limit=1&in_print=true&min_score=4.50&editor=" + editor.toUpperCase();
    Statement s = books.pageStatement(query(same + "&cursor=" + cursor));
    assertThat(s.sql()).contains("WHERE (b.in_print = $1) AND (b.score >= $2) AND "
        + "(b.editor = $3)").contains("b.id > $4");
    assertThat(List.of(s.params().getValue(0), s.params().getValue(1), s.params().getValue(2)))
        .containsExactly(true, new BigDecimal("4.5"), java.util.UUID.fromString(editor));
    for (String other : List.of(same.replace("true", "false"), same.replace("4.50", "4.6"),
        same.replace("0B5E", "0B5F"), same.replace("&in_print=true", ""))) {
      assertThat(problem(books, other + "&cursor=" + cursor).detail()).as(other)
          .contains("cursor");
    }
  }

  @Test
  void fuzzed_queries_are_answered_or_refused_with_a_400() {
    SplittableRandom random = new SplittableRandom(7);
    String[] names = {"author_id", "min_pages", "q", "genre", "sort", "limit", "cursor",
        "fields", "x", "AUTHOR_ID"};
    String[] values = {"", "0", "-1", "7", "99999999999999999999", "1e3", "crime", "-title",
        "%", "a\u0000", "title,", "(", "id,title(id)", "\u00e9", "x".repeat(300)};
    ResourceEndpoint books = books();
    for (int i = 0; i < 3_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int j = random.nextInt(4); j >= 0; j--) {
        text.append(names[random.nextInt(names.length)]).append('=')
            .append(values[random.nextInt(values.length)]).append('&');
      }
      Throwable t = catchThrowable(() -> books.pageStatement(query(text.toString())));
      if (t != null) {
        assertThat(t).as(text.toString()).isInstanceOf(Problem.class);
        assertThat(((Problem) t).status()).isEqualTo(400);
      }
    }
  }

  @Test
  void declarations_that_do_not_fit_the_resource_fail_at_build() {
    assertThatThrownBy(() -> ResourceEndpoint.builder(BOOK, db, PAGER)
        .filter(Filter.id("isbn")).build()).hasMessageContaining("does not declare");
    assertThatThrownBy(() -> ResourceEndpoint.builder(BOOK, db, PAGER)
        .filter(Filter.prefix("q", "pages")).build())
        .hasMessage("filter q (Filter.prefix) cannot read book.pages of type LONG; it compares "
            + "TEXT fields; a LONG field takes Filter.id, Filter.equalTo, Filter.atLeast, "
            + "Filter.atMost");
    assertThatThrownBy(() -> ResourceEndpoint.builder(BOOK, db, PAGER)
        .filter(Filter.atLeast("from", "title")).build())
        .hasMessageContaining("it compares LONG, INT, NUMERIC, DATE, TIMESTAMP fields; a TEXT "
            + "field takes Filter.text, Filter.prefix, Filter.oneOf");
    assertThatThrownBy(() -> ResourceEndpoint.builder(BOOK, db, PAGER)
        .filter(Filter.atLeast("in_print", "in_print")).build())
        .hasMessageEndingWith("a BOOL field takes Filter.equalTo");
    assertThatThrownBy(() -> ResourceEndpoint.builder(BOOK, db, PAGER)
        .filter(Filter.equalTo("editor", "editor")).build())
        .hasMessage("filter editor (Filter.equalTo) cannot read book.editor of type UUID; it "
            + "compares LONG, INT, NUMERIC, BOOL, DATE, TIMESTAMP fields; a UUID field takes "
            + "Filter.id");
    assertThatThrownBy(() -> ResourceEndpoint.builder(BOOK, db, PAGER)
        .filter(Filter.id("score")).build())
        .hasMessageEndingWith("a NUMERIC field takes Filter.equalTo, Filter.atLeast, "
            + "Filter.atMost");
    assertThatThrownBy(() -> ResourceEndpoint.builder(BOOK, db, PAGER)
        .filter(Filter.equalTo("extra", "extra")).build())
        .hasMessageEndingWith("; no filter reads a JSON field");
    assertThatThrownBy(() -> ResourceEndpoint.builder(BOOK, db, PAGER)
        .filter(Filter.id("limit", "author_id")).build()).hasMessageContaining("reserved");
    assertThatThrownBy(() -> ResourceEndpoint.builder(BOOK, db, PAGER)
        .sorts("rating").build()).hasMessageContaining("rating");
    assertThatThrownBy(() -> ResourceEndpoint.builder(BOOK, db, PAGER)
        .defaultSort("rating").build()).hasMessageContaining("rating");
  }

  @Test
  void a_list_of_protobuf_rows_needs_a_page_message() {
    ResourceEndpoint rowsOnly = ResourceEndpoint.builder(BOOK, db, PAGER)
        .protobuf(messages(BOOK_PROTO).findMessageTypeByName("Book"), null).build();
    // Refused before any route is declared.
    assertThatThrownBy(() -> rowsOnly.list(null, Mount.at("/books", Access.open())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/books").hasMessageContaining("test.Book")
        .hasMessageContaining("protobuf(one, page)");
  }

  /** A book as BOOK declares it, and its page, as a .proto would declare them. */
  private static final String[][] BOOK_PROTO = {
      {"Book", "id:int64", "title:string", "author_id:int64", "genre:string", "pages:int64",
          "published_at:string", "in_print:bool", "score:string", "editor:string",
          "extra:string"},
      {"PageInfo", "limit:int32", "next_cursor:string", "prev_cursor:string", "has_more:bool"},
      {"BookPage", "data:*Book", "page:PageInfo"}};

  @Test
  void a_protobuf_message_that_cannot_carry_every_selectable_member_fails_at_build() {
    FileDescriptor good = messages(BOOK_PROTO);
    ResourceEndpoint.builder(BOOK, db, PAGER).protobuf(good.findMessageTypeByName("Book"),
        good.findMessageTypeByName("BookPage")).build();
    // Before, each of these was a 500 on the first protobuf request selecting the member.
    String[][] noExtra = BOOK_PROTO.clone();
    noExtra[0] = Arrays.copyOf(BOOK_PROTO[0], BOOK_PROTO[0].length - 1);
    assertThatThrownBy(() -> ResourceEndpoint.builder(BOOK, db, PAGER)
        .protobuf(messages(noExtra).findMessageTypeByName("Book"), null).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("test.Book cannot carry "
            + "book.extra of type JSON: it has no such field; declare `optional string extra`");
    String[][] narrow = BOOK_PROTO.clone();
    narrow[0] = BOOK_PROTO[0].clone();
    narrow[0][5] = "pages:int32";
    assertThatThrownBy(() -> ResourceEndpoint.builder(BOOK, db, PAGER)
        .protobuf(messages(narrow).findMessageTypeByName("Book"), null).build())
        .hasMessage("test.Book cannot carry book.pages of type LONG, declared int32; declare "
            + "`optional int64 pages`");
    assertThatThrownBy(() -> ResourceEndpoint.builder(BOOK, db, PAGER)
        .protobuf(good.findMessageTypeByName("Book"), good.findMessageTypeByName("PageInfo"))
        .build()).hasMessage("test.PageInfo needs `repeated test.Book data`, the rows of a page");

    Resource shelf = Resource.builder("shelf", "shelves", "s").field("id", "id", LONG)
        .embedMany("books", BOOK, "shelf_id").build();
    String[][] shelfProto = Arrays.copyOf(BOOK_PROTO, BOOK_PROTO.length + 1);
    shelfProto[BOOK_PROTO.length] = new String[] {"Shelf", "id:int64", "books:*Book"};
    assertThatThrownBy(() -> ResourceEndpoint.builder(shelf, db, null)
        .protobuf(messages(shelfProto).findMessageTypeByName("Shelf"), null).build())
        .hasMessage("test.Shelf cannot say that shelf.books was capped: declare "
            + "`optional bool books_has_more`");
    shelfProto[BOOK_PROTO.length] = new String[] {"Shelf", "id:int64", "books:*Book",
        "books_has_more:bool"};
    ResourceEndpoint.builder(shelf, db, null)
        .protobuf(messages(shelfProto).findMessageTypeByName("Shelf"), null).build();
  }

  /**
   * Messages of package {@code test}, each {name, "field:type"...}: a scalar type, a message
   * name, or {@code *Message} for a repeated one.
   */
  private static FileDescriptor messages(String[][] messages) {
    FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder().setName("test.proto")
        .setPackage("test").setSyntax("proto3");
    for (String[] message : messages) {
      DescriptorProto.Builder type = DescriptorProto.newBuilder().setName(message[0]);
      for (int i = 1; i < message.length; i++) {
        String name = message[i].substring(0, message[i].indexOf(':'));
        String kind = message[i].substring(name.length() + 1);
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder().setName(name)
            .setNumber(i).setLabel(kind.startsWith("*") ? Label.LABEL_REPEATED
                : Label.LABEL_OPTIONAL);
        String typeName = kind.replace("*", "");
        try {
          field.setType(Type.valueOf("TYPE_" + typeName.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException notScalar) {
          field.setType(Type.TYPE_MESSAGE).setTypeName(".test." + typeName);
        }
        type.addField(field);
      }
      file.addMessageType(type);
    }
    try {
      return FileDescriptor.buildFrom(file.build(), new FileDescriptor[0]);
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void cached_representations_are_keyed_by_the_reader_and_the_protobuf_schema() {
    ResourceReader reader = ResourceReader.create(BOOK, db, PAGER);
    String json = ResourceReads.variant(reader, null, null);

    assertThat(json).isEqualTo(reader.fingerprint());
    assertThat(List.of(json, ResourceReads.variant(reader, Empty.getDescriptor(), null),
        ResourceReads.variant(reader, Timestamp.getDescriptor(), null),
        ResourceReads.variant(reader.withEmbedLimits(EmbedLimits.defaults().withMaxRows(9)),
            Empty.getDescriptor(), null)))
        .doesNotHaveDuplicates().allSatisfy(v -> assertThat(v).hasSize(12));
  }
}
