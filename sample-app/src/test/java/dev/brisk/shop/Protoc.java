package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TextFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Stock {@code protoc --decode} as an independent protobuf reader of the shop's replies
 * (Debian's protobuf-compiler must be on the PATH: .ci/run installs it, and tests using this
 * fail without it), and the decoded message as the JSON the same request answers.
 */
public final class Protoc {

  private Protoc() {
  }

  /**
   * {@code bytes} decoded as {@code type} (e.g. {@code brisk.shop.ProductPage}) in protoc's
   * text format, with a leading newline so {@code "\nname: "} matches the first line too.
   */
  public static String decode(String type, byte[] bytes) throws Exception {
    Path in = Files.createTempFile("brisk", ".pb");
    try {
      Files.write(in, bytes);
      Process p = new ProcessBuilder("protoc", "--decode=" + type, "--proto_path=src/main/proto",
          "shop.proto").redirectInput(in.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      return "\n" + out;
    } finally {
      Files.delete(in);
    }
  }

  /**
   * {@code bytes} decoded by protoc as {@code prototype}'s type, then read as JSON by field
   * name: fields that are absent on the wire are absent members, as in the JSON reply.
   */
  public static JsonObject decodeToJson(Message prototype, byte[] bytes) throws Exception {
    String text = decode(prototype.getDescriptorForType().getFullName(), bytes);
    Message.Builder builder = prototype.newBuilderForType();
    TextFormat.merge(text, builder);
    // Through text, so numbers compare as Jackson reads the JSON reply (Integer or Long).
    return new JsonObject(json(builder).encode());
  }

  private static JsonObject json(MessageOrBuilder message) {
    JsonObject json = new JsonObject();
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      if (field.isRepeated()) {
        int n = message.getRepeatedFieldCount(field);
        if (n > 0) {
          JsonArray values = new JsonArray();
          for (int i = 0; i < n; i++) {
            values.add(value(field, message.getRepeatedField(field, i)));
          }
          json.put(field.getName(), values);
        }
      } else if (!field.hasPresence() || message.hasField(field)) {
        json.put(field.getName(), value(field, message.getField(field)));
      }
    }
    return json;
  }

  private static Object value(FieldDescriptor field, Object value) {
    return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        ? json((MessageOrBuilder) value) : value;
  }
}
