package dev.brisk.endpoint;

import com.google.protobuf.Descriptors.Descriptor;
import dev.brisk.fields.FieldType;
import dev.brisk.fields.Resource;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.OperationDoc.Shape;
import dev.brisk.http.ParameterDoc;
import dev.brisk.http.Requests;
import dev.brisk.page.PageOptions;
import dev.brisk.page.Sort;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What the generated API description says about a resource endpoint's operations. */
final class EndpointDocs {

  private EndpointDocs() {
  }

  static OperationDoc get(Spec spec, Mount mount) {
    Resource resource = spec.resource();
    OperationDoc declared = mount.doc();
    if (declared.path().stream().noneMatch(p -> p.name().equals("id"))) {
      // The id is read with Requests.pathId (0 or a negative id is a 400, not a lookup) or, on
      // a UUID id, Requests.pathUuid.
      String about = "The " + resource.name() + "'s id";
      declared = declared.withPath(resource.field("id").type() == FieldType.UUID
          ? Requests.pathUuidDoc("id", about) : Requests.pathIdDoc("id", about));
    }
    return complete(declared, "One " + resource.name() + " by id")
        .withQuery(ParameterDoc.fields(resource))
        .returns(resource, Shape.ONE)
        .withProblems(problems(resource, 400, 404, 406))
        .withProtobuf(messageName(spec.protobuf()));
  }

  static OperationDoc list(Spec spec, Mount mount) {
    Resource resource = spec.resource();
    PageOptions paging = spec.pager().options();
    List<ParameterDoc> query = new ArrayList<>(filters(spec));
    query.add(ParameterDoc.optional("sort", new JsonObject().put("type", "string")
        .put("enum", new JsonArray(spec.sorts().stream().map(Sort::name).toList()))
        .put("default", spec.sorts().get(0).name()),
        "The order of the list (a leading '-' reverses it); ties are broken by id."));
    query.add(ParameterDoc.optional("limit", new JsonObject().put("type", "integer")
        .put("minimum", 1).put("maximum", paging.maxLimit())
        .put("default", paging.defaultLimit()), "Rows per page."));
    query.add(ParameterDoc.optional("cursor", new JsonObject().put("type", "string"),
        "next_cursor or prev_cursor of a previous page; only valid with the same filters and "
            + "sort."));
    query.add(ParameterDoc.fields(resource));
    // The table without its schema: a public description names the rows, not where they live.
    String rows = resource.table().substring(resource.table().lastIndexOf('.') + 1);
    return complete(mount.doc(), "List " + rows + ", keyset-paged")
        .withQuery(query.toArray(ParameterDoc[]::new))
        .returns(resource, Shape.PAGE)
        .withProblems(problems(resource, 400, 406))
        .withProtobuf(messageName(spec.pageProtobuf()));
  }

  static OperationDoc export(Spec spec, Mount mount) {
    Resource resource = spec.resource();
    List<ParameterDoc> query = new ArrayList<>(filters(spec));
    boolean sorted = spec.pager() != null;
    if (sorted) {
      query.add(ParameterDoc.optional("sort", new JsonObject().put("type", "string")
          .put("enum", new JsonArray(spec.sorts().stream().map(Sort::name).toList())),
          "The order of the stream, as the list's sort; ties are broken by id. Absent: id "
              + "order, whose SSE event ids are the ids."));
    }
    query.add(ParameterDoc.fields(resource));
    OperationDoc declared = mount.doc().description() != null ? mount.doc()
        : mount.doc().withDescription("`Accept` picks NDJSON (default), a JSON array, SSE "
            + "(`Last-Event-ID` resumes) or length-delimited protobuf when offered.");
    JsonObject resume = sorted ? new JsonObject().put("type", "string")
        : new JsonObject().put("type", "integer").put("format", "int64").put("minimum", 0);
    return complete(declared, "Stream every matching " + resource.name())
        .withQuery(query.toArray(ParameterDoc[]::new))
        .withHeaders(ParameterDoc.optional("Last-Event-ID", resume,
            "With text/event-stream: the id: of the last event received, to resume after it: "
                + "a " + resource.name() + " id in id order" + (sorted ? ", the row's opaque "
                + "position with sort (valid for that sort and those filters)" : "")
                + "; 400 when it is not one. The other formats ignore it."))
        .returns(resource, Shape.STREAM)
        .withResponseHeaders(ParameterDoc.required("Cache-Control", new JsonObject()
            .put("type", "string"), "no-store; no-cache for SSE"))
        .withProblems(problems(resource, 400, 406, 429, 503))
        .withProtobuf(messageName(spec.protobuf()));
  }

  /**
   * {@code statuses}, and 413 when {@code resource} embeds others: the rows a request embeds are
   * capped ({@code EmbedLimits.maxRows}), which {@code fields} can exceed.
   */
  private static Integer[] problems(Resource resource, Integer... statuses) {
    if (resource.embeds().isEmpty()) {
      return statuses;
    }
    Integer[] all = Arrays.copyOf(statuses, statuses.length + 1);
    all[statuses.length] = 413;
    return all;
  }

  /** The protobuf message offered, or {@code null} when the endpoint answers JSON only. */
  private static String messageName(Descriptor message) {
    return message == null ? null : message.getFullName();
  }

  /** The app's summary and description, or a derived summary when it gave none. */
  private static OperationDoc complete(OperationDoc declared, String summary) {
    return declared.summary() != null ? declared : declared.withSummary(summary);
  }

  private static List<ParameterDoc> filters(Spec spec) {
    return spec.filters().stream().map(b -> ParameterDoc.optional(b.filter().name(),
        b.filter().schema(b.type()), b.filter().description())).toList();
  }
}
