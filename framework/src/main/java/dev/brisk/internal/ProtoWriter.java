package dev.brisk.internal;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Protobuf wire format written straight from JSON-shaped values in one forward pass: members
 * matched to message fields by name through a plan built once per message type (rendered rows
 * by position, through slots matched to their layout once), tags encoded once per field, each
 * nested message's length written after its fields ({@link ProtoOut}); no
 * {@code DynamicMessage}, no size pass and no per-field maps. Repeated scalars are written
 * unpacked (every parser accepts both).
 *
 * <p>{@code byte[] bytes = ProtoWriter.plan(Product.getDescriptor()).encode(json.getMap());}
 *
 * <p>Plans are immutable and thread-safe; each call runs on the caller's thread.
 */
public final class ProtoWriter {

  private static final Map<Descriptor, ProtoWriter> PLANS = new ConcurrentHashMap<>();
  /** Scratch per thread: encoding never re-enters itself. */
  private static final ThreadLocal<ProtoOut> SCRATCH = ThreadLocal.withInitial(ProtoOut::new);
  private static final int MAX_KEPT = 1 << 20;

  private final Descriptor type;
  private final Map<String, Slot> slots = new HashMap<>();
  private final Function<RowLayout, Slot[]> slotsOf = this::slotsFor;

  /** One message field; the nested plan of a message field is looked up on first use. */
  private static final class Slot {
    private final FieldDescriptor field;
    // Cached: the descriptor's accessors read its proto on every call.
    private final FieldDescriptor.Type type;
    private final byte[] tag;
    private final boolean isRepeated;
    private final boolean isMessage;
    private final boolean isSupported;
    private ProtoWriter nested;
    /** Bytes the length of this field's last message took: the next one's guess (racy, benign). */
    private int lengthWidth = 1;

    Slot(FieldDescriptor field) {
      this.field = field;
      this.type = field.getType();
      this.tag = ProtoScalars.tag(field);
      this.isRepeated = field.isRepeated();
      this.isMessage = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
      this.isSupported = isMessage || ProtoScalars.supports(field);
    }

    ProtoWriter nested() {
      ProtoWriter plan = nested;
      if (plan == null) {
        // A benign race: every thread finds the same shared plan.
        plan = plan(field.getMessageType());
        nested = plan;
      }
      return plan;
    }
  }

  private ProtoWriter(Descriptor type) {
    this.type = type;
    for (FieldDescriptor field : type.getFields()) {
      slots.put(field.getName(), new Slot(field));
    }
  }

  /** The plan of {@code type}, built on first use and shared. */
  public static ProtoWriter plan(Descriptor type) {
    return PLANS.computeIfAbsent(type, ProtoWriter::new);
  }

  /** The field numbered for {@code name}, or {@code null} when the message declares none. */
  public FieldDescriptor field(String name) {
    Slot slot = slots.get(name);
    return slot == null ? null : slot.field;
  }

  /**
   * The message's bytes for {@code members} (a JSON object's map); null members are absent.
   *
   * @throws IllegalStateException when a member has no field of that name or an unsupported type
   */
  public byte[] encode(Map<String, Object> members) {
    ProtoOut out = written(members);
    byte[] bytes = out.toBytes();
    release(out);
    return bytes;
  }

  /** As {@link #encode} into a buffer of the message's size (one copy of the bytes). */
  public Buffer encodeToBuffer(Map<String, Object> members) {
    ProtoOut out = written(members);
    Buffer buffer = Buffer.buffer(out.length());
    out.appendTo(buffer);
    release(out);
    return buffer;
  }

  /**
   * Appends the message for {@code members}, length-delimited as {@code writeDelimitedTo} frames
   * it (varint length, then the message), to {@code out}.
   *
   * @throws IllegalStateException when a member has no field of that name or an unsupported type
   */
  public void encodeDelimited(Map<String, Object> members, Buffer out) {
    ProtoOut scratch = SCRATCH.get();
    scratch.reset();
    int at = scratch.open(1);
    write(members, scratch);
    scratch.close(at, 1);
    scratch.appendTo(out);
    release(scratch);
  }

  private ProtoOut written(Map<String, Object> members) {
    ProtoOut out = SCRATCH.get();
    out.reset();
    write(members, out);
    return out;
  }

  private static void release(ProtoOut out) {
    if (out.capacity() > MAX_KEPT) {
      // One huge message must not pin its array to the event-loop thread for good.
      SCRATCH.remove();
    }
  }

  /** Whether rows can write this field: a singular scalar (numbers, bool, string). */
  public static boolean isScalar(FieldDescriptor field) {
    return !field.isRepeated() && ProtoScalars.supports(field);
  }

  /**
   * Appends one message of scalar fields, length-delimited as {@code writeDelimitedTo} frames it:
   * {@code values[i]} (or nothing when null) into {@code fields[i]}.
   */
  public static void writeDelimited(FieldDescriptor[] fields, Object[] values, Buffer out) {
    ProtoOut scratch = SCRATCH.get();
    scratch.reset();
    int at = scratch.open(1);
    for (int i = 0; i < fields.length; i++) {
      if (values[i] != null) {
        Slot slot = plan(fields[i].getContainingType()).slot(fields[i].getName());
        ProtoScalars.write(slot.type, slot.tag, values[i], scratch);
      }
    }
    scratch.close(at, 1);
    scratch.appendTo(out);
  }

  private void write(Map<String, Object> members, ProtoOut out) {
    Map<String, Object> rest = members;
    if (members instanceof RowMap row) {
      Slot[] byPosition = row.layout().attachment(this, slotsOf);
      for (int i = 0; i < byPosition.length; i++) {
        Object value = row.at(i);
        if (value != null) {
          Slot slot = byPosition[i];
          member(slot != null ? slot : slot(row.layout().name(i)), value, out);
        }
      }
      rest = row.extra();
      if (rest == null) {
        return;
      }
    }
    for (Map.Entry<String, Object> member : rest.entrySet()) {
      if (member.getValue() != null) {
        member(slot(member.getKey()), member.getValue(), out);
      }
    }
  }

  private Slot[] slotsFor(RowLayout layout) {
    Slot[] byPosition = new Slot[layout.size()];
    for (int i = 0; i < byPosition.length; i++) {
      byPosition[i] = slots.get(layout.name(i));
    }
    return byPosition;
  }

  private Slot slot(String name) {
    Slot slot = slots.get(name);
    if (slot == null) {
      throw new IllegalStateException(type.getFullName() + " has no field '" + name + "'");
    }
    return slot;
  }

  private static void member(Slot slot, Object value, ProtoOut out) {
    if (!slot.isSupported) {
      throw new IllegalStateException("unsupported protobuf field type " + slot.type + " for "
          + slot.field.getFullName());
    }
    if (slot.isRepeated) {
      for (Object item : list(value)) {
        field(slot, item, out);
      }
    } else {
      field(slot, value, out);
    }
  }

  private static void field(Slot slot, Object value, ProtoOut out) {
    if (!slot.isMessage) {
      ProtoScalars.write(slot.type, slot.tag, value, out);
      return;
    }
    out.tag(slot.tag);
    int reserved = slot.lengthWidth;
    int at = out.open(reserved);
    slot.nested().write(map(value), out);
    int width = out.close(at, reserved);
    if (width != reserved) {
      slot.lengthWidth = width;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof JsonObject json ? json.getMap() : (Map<String, Object>) value;
  }

  private static List<?> list(Object value) {
    return value instanceof JsonArray array ? array.getList() : (List<?>) value;
  }
}
