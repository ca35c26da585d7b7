package dev.brisk.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Protobuf wire format written straight from JSON-shaped values with {@link CodedOutputStream}:
 * members matched to message fields by name through a plan built once per message type, sizes
 * computed in one pass and bytes written in a second, no {@code DynamicMessage} and no per-field
 * maps. Repeated scalars are written unpacked (every parser accepts both).
 *
 * <p>{@code byte[] bytes = ProtoWriter.plan(Product.getDescriptor()).encode(json.getMap());}
 *
 * <p>Plans are immutable and thread-safe; each call runs on the caller's thread.
 */
public final class ProtoWriter {

  private static final Map<Descriptor, ProtoWriter> PLANS = new ConcurrentHashMap<>();
  /** Scratch per thread: encoding never re-enters itself. */
  private static final ThreadLocal<Sizes> SIZES = ThreadLocal.withInitial(Sizes::new);

  private final Descriptor type;
  private final Map<String, Slot> slots = new HashMap<>();

  /** One message field; the nested plan of a message field is looked up on first use. */
  private static final class Slot {
    private final FieldDescriptor field;
    // Cached: the descriptor's accessors read its proto on every call.
    private final int number;
    private final boolean isRepeated;
    private final boolean isMessage;
    private final FieldDescriptor.Type type;
    private ProtoWriter nested;

    Slot(FieldDescriptor field) {
      this.field = field;
      this.number = field.getNumber();
      this.isRepeated = field.isRepeated();
      this.isMessage = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
      this.type = field.getType();
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
   * @throws IllegalStateException when a member has no field of that name
   */
  public byte[] encode(Map<String, Object> members) {
    Sizes sizes = SIZES.get();
    sizes.reset();
    int size = size(members, sizes);
    byte[] bytes = new byte[size];
    CodedOutputStream coded = CodedOutputStream.newInstance(bytes);
    sizes.next = 1;
    try {
      write(members, coded, sizes);
      coded.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
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
    int size = 0;
    for (int i = 0; i < fields.length; i++) {
      if (values[i] != null) {
        size += ProtoScalars.size(fields[i], fields[i].getNumber(), values[i]);
      }
    }
    byte[] bytes = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
    CodedOutputStream coded = CodedOutputStream.newInstance(bytes);
    try {
      coded.writeUInt32NoTag(size);
      for (int i = 0; i < fields.length; i++) {
        if (values[i] != null) {
          ProtoScalars.write(fields[i], fields[i].getNumber(), values[i], coded);
        }
      }
      coded.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.appendBytes(bytes);
  }

  /**
   * Message sizes and the members' slots in pre-order: recorded by {@link #size}, consumed by
   * {@link #write}, so the second pass neither recomputes sizes nor looks names up again.
   */
  private static final class Sizes {
    private int[] values = new int[16];
    private int count;
    private int next;
    private Slot[] slots = new Slot[64];
    private int slotCount;
    private int slotNext;

    void addSlot(Slot slot) {
      if (slotCount == slots.length) {
        slots = Arrays.copyOf(slots, slotCount * 2);
      }
      slots[slotCount++] = slot;
    }

    Slot nextSlot() {
      return slots[slotNext++];
    }

    void reset() {
      count = 0;
      next = 0;
      slotCount = 0;
      slotNext = 0;
    }

    int reserve() {
      if (count == values.length) {
        values = Arrays.copyOf(values, count * 2);
      }
      return count++;
    }

    int take() {
      return values[next++];
    }
  }

  private int size(Map<String, Object> members, Sizes sizes) {
    int at = sizes.reserve();
    int total = 0;
    Map<String, Object> rest = members;
    if (members instanceof RowMap row) {
      total = sizeRow(row, sizes);
      rest = row.extra();
    }
    for (Map.Entry<String, Object> member : rest.entrySet()) {
      Object value = member.getValue();
      if (value == null) {
        continue;
      }
      Slot slot = slot(member.getKey());
      sizes.addSlot(slot);
      if (slot.isRepeated) {
        for (Object item : list(value)) {
          total += fieldSize(slot, item, sizes);
        }
      } else {
        total += fieldSize(slot, value, sizes);
      }
    }
    sizes.values[at] = total;
    return total;
  }

  /** A rendered row's members by position, through slots matched to its layout once. */
  private int sizeRow(RowMap row, Sizes sizes) {
    Slot[] byPosition = row.layout().attachment(this, this::slotsOf);
    int total = 0;
    for (int i = 0; i < byPosition.length; i++) {
      Object value = row.at(i);
      if (value == null) {
        continue;
      }
      Slot slot = byPosition[i] != null ? byPosition[i] : slot(row.layout().name(i));
      sizes.addSlot(slot);
      if (slot.isRepeated) {
        for (Object item : list(value)) {
          total += fieldSize(slot, item, sizes);
        }
      } else {
        total += fieldSize(slot, value, sizes);
      }
    }
    return total;
  }

  private Slot[] slotsOf(RowLayout layout) {
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

  private static int fieldSize(Slot slot, Object value, Sizes sizes) {
    int number = slot.number;
    if (slot.isMessage) {
      int inner = slot.nested().size(map(value), sizes);
      return CodedOutputStream.computeTagSize(number)
          + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner;
    }
    return ProtoScalars.size(slot.type, slot.field, number, value);
  }

  private static void write(Map<String, Object> members, CodedOutputStream out, Sizes sizes)
      throws IOException {
    Map<String, Object> rest = members;
    if (members instanceof RowMap row) {
      for (int i = 0; i < row.layout().size(); i++) {
        writeMember(row.at(i), out, sizes);
      }
      rest = row.extra();
    }
    for (Map.Entry<String, Object> member : rest.entrySet()) {
      writeMember(member.getValue(), out, sizes);
    }
  }

  /** Writes one member whose slot {@link #size} recorded next; nulls are absent. */
  private static void writeMember(Object value, CodedOutputStream out, Sizes sizes)
      throws IOException {
    if (value == null) {
      return;
    }
    Slot slot = sizes.nextSlot();
    if (slot.isRepeated) {
      for (Object item : list(value)) {
        writeField(slot, item, out, sizes);
      }
    } else {
      writeField(slot, value, out, sizes);
    }
  }

  private static void writeField(Slot slot, Object value, CodedOutputStream out, Sizes sizes)
      throws IOException {
    if (!slot.isMessage) {
      ProtoScalars.write(slot.type, slot.field, slot.number, value, out);
      return;
    }
    out.writeTag(slot.number, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(sizes.take());
    write(map(value), out, sizes);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof JsonObject json ? json.getMap() : (Map<String, Object>) value;
  }

  private static List<?> list(Object value) {
    return value instanceof JsonArray array ? array.getList() : (List<?>) value;
  }
}
