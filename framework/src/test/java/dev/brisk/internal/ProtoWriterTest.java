package dev.brisk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The direct writer against the simple path: the same JSON built into a {@link DynamicMessage}
 * must equal what the writer's bytes parse to, on random input.
 */
class ProtoWriterTest {

  private static final Descriptor THING = thing();

  @Test
  void parses_to_the_dynamic_message_of_the_same_json() throws Exception {
    SplittableRandom random = new SplittableRandom(151L);
    for (int i = 0; i < 2000; i++) {
      JsonObject json = thing(random, 0);
      byte[] bytes = ProtoWriter.plan(THING).encode(json.getMap());
      assertThat(DynamicMessage.parseFrom(THING, bytes)).isEqualTo(simple(json, THING));
    }
  }

  @Test
  void rendered_rows_write_the_bytes_of_the_same_ordered_tree() {
    SplittableRandom random = new SplittableRandom(1516L);
    for (int i = 0; i < 2000; i++) {
      JsonObject json = thing(random, 0);
      JsonObject rows = RowMapTest.rows(json, random);
      assertThat(ProtoWriter.plan(THING).encode(rows.getMap()))
          .isEqualTo(ProtoWriter.plan(THING).encode(json.getMap()));
    }
  }

  @Test
  void delimited_rows_parse_back() throws Exception {
    FieldDescriptor id = THING.findFieldByName("id");
    FieldDescriptor name = THING.findFieldByName("name");
    Buffer out = Buffer.buffer();
    ProtoWriter.writeDelimited(new FieldDescriptor[] {id, name}, new Object[] {7L, "lamp"}, out);
    ProtoWriter.writeDelimited(new FieldDescriptor[] {id, name}, new Object[] {8L, null}, out);
    var in = new java.io.ByteArrayInputStream(out.getBytes());
    assertThat(delimited(in)).isEqualTo(
        DynamicMessage.newBuilder(THING).setField(id, 7L).setField(name, "lamp").build());
    assertThat(delimited(in)).isEqualTo(DynamicMessage.newBuilder(THING).setField(id, 8L).build());
    assertThat(in.available()).isZero();
  }

  @Test
  void delimited_trees_parse_back_to_their_dynamic_messages() throws Exception {
    SplittableRandom random = new SplittableRandom(1517L);
    Buffer out = Buffer.buffer();
    JsonObject[] written = new JsonObject[200];
    for (int i = 0; i < written.length; i++) {
      written[i] = thing(random, 0);
      ProtoWriter.plan(THING).encodeDelimited(written[i].getMap(), out);
    }
    var in = new java.io.ByteArrayInputStream(out.getBytes());
    for (JsonObject json : written) {
      assertThat(delimited(in)).isEqualTo(simple(json, THING));
    }
    assertThat(in.available()).isZero();
  }

  private static DynamicMessage delimited(java.io.InputStream in) throws Exception {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(THING);
    assertThat(builder.mergeDelimitedFrom(in)).isTrue();
    return builder.build();
  }

  @Test
  void unknown_members_name_the_type_and_member() {
    assertThatThrownBy(() -> ProtoWriter.plan(THING).encode(new JsonObject().put("nope", 1)
        .getMap())).hasMessage("t.Thing has no field 'nope'");
  }

  /** The simple path: what ProtobufJson did before, through DynamicMessage. */
  private static DynamicMessage simple(JsonObject json, Descriptor type) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
    for (var member : json) {
      if (member.getValue() == null) {
        continue;
      }
      FieldDescriptor field = type.findFieldByName(member.getKey());
      if (field.isRepeated()) {
        for (Object item : (JsonArray) member.getValue()) {
          builder.addRepeatedField(field, value(field, item));
        }
      } else {
        builder.setField(field, value(field, member.getValue()));
      }
    }
    return builder.build();
  }

  private static Object value(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case MESSAGE -> simple((JsonObject) value, field.getMessageType());
      case LONG -> ((Number) value).longValue();
      case INT -> ((Number) value).intValue();
      case DOUBLE -> ((Number) value).doubleValue();
      case FLOAT -> ((Number) value).floatValue();
      case BOOLEAN -> value;
      default -> value.toString();
    };
  }

  private static JsonObject thing(SplittableRandom r, int depth) {
    JsonObject json = new JsonObject();
    maybe(r, json, "id", r.nextLong());
    maybe(r, json, "name", r.nextBoolean() ? "lampe \u00e9\u4e2d\uD83D\uDE00" : "x" + r.nextInt());
    maybe(r, json, "n", r.nextInt());
    maybe(r, json, "ratio", r.nextDouble());
    maybe(r, json, "flag", r.nextBoolean());
    maybe(r, json, "s", r.nextLong());
    maybe(r, json, "f", r.nextInt());
    maybe(r, json, "ids", new JsonArray().add(r.nextLong()).add(-1L));
    if (depth < 2) {
      maybe(r, json, "parent", thing(r, depth + 1));
      JsonArray children = new JsonArray();
      for (int i = r.nextInt(3); i > 0; i--) {
        children.add(thing(r, depth + 1));
      }
      maybe(r, json, "children", children);
    }
    return json;
  }

  private static void maybe(SplittableRandom r, JsonObject json, String name, Object value) {
    int roll = r.nextInt(5);
    if (roll == 0) {
      json.putNull(name);
    } else if (roll > 1) {
      json.put(name, value);
    }
  }

  private static Descriptor thing() {
    DescriptorProto message = DescriptorProto.newBuilder().setName("Thing")
        .addField(field("id", 1, Type.TYPE_INT64, Label.LABEL_OPTIONAL))
        .addField(field("name", 2, Type.TYPE_STRING, Label.LABEL_OPTIONAL))
        .addField(field("n", 3, Type.TYPE_INT32, Label.LABEL_OPTIONAL))
        .addField(field("ratio", 4, Type.TYPE_DOUBLE, Label.LABEL_OPTIONAL))
        .addField(field("flag", 5, Type.TYPE_BOOL, Label.LABEL_OPTIONAL))
        .addField(field("s", 6, Type.TYPE_SINT64, Label.LABEL_OPTIONAL))
        .addField(field("f", 7, Type.TYPE_FIXED32, Label.LABEL_OPTIONAL))
        .addField(field("ids", 8, Type.TYPE_INT64, Label.LABEL_REPEATED))
        .addField(field("parent", 9, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL)
            .setTypeName(".t.Thing"))
        .addField(field("children", 300, Type.TYPE_MESSAGE, Label.LABEL_REPEATED)
            .setTypeName(".t.Thing"))
        .build();
    FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("t.proto")
        .setPackage("t").addMessageType(message).build();
    try {
      return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Thing");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static FieldDescriptorProto.Builder field(String name, int number, Type type,
      Label label) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
        .setLabel(label);
  }
}
