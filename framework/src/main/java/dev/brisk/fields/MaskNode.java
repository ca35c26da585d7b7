package dev.brisk.fields;

/** A mutable field-mask tree under construction; {@link #freeze()} makes the FieldMask. */
final class MaskNode {
  private static final int MAX_DEPTH = 32;
  private final Resource resource;
  private final boolean[] selected;
  private final MaskNode[] subs;
  private final int depth;

  MaskNode(Resource resource) {
    this(resource, 0);
  }

  private MaskNode(Resource resource, int depth) {
    this.resource = resource;
    this.depth = depth;
    this.selected = new boolean[resource.memberCount()];
    this.subs = new MaskNode[selected.length];
  }

  Resource resource() {
    return resource;
  }

  /** Selects the field at {@code position}, or the embed there with its default sub-selection. */
  void select(int position) {
    if (resource.memberAt(position) instanceof Embed embed) {
      embed(embed).addDefaults();
    } else {
      selected[position] = true;
    }
  }

  /** Selects an embed and returns its sub-selection, merged with any earlier one. */
  MaskNode embed(Embed embed) {
    int position = embed.position();
    selected[position] = true;
    if (subs[position] == null) {
      if (depth >= MAX_DEPTH) {
        // Only default embeds that embed each other by default get here (the parser stops at 5).
        throw new IllegalStateException("default embeds form a cycle through "
            + embed.qualifiedName() + "; make one of them ON_REQUEST");
      }
      subs[position] = new MaskNode(embed.target(), depth + 1);
    }
    return subs[position];
  }

  /** Selects everything declared {@link Inclusion#DEFAULT} at this level. */
  void addDefaults() {
    for (int i = 0; i < selected.length; i++) {
      if (resource.memberAt(i).isDefault()) {
        select(i);
      }
    }
  }

  FieldMask freeze() {
    FieldMask[] frozen = new FieldMask[subs.length];
    for (int i = 0; i < subs.length; i++) {
      if (subs[i] != null) {
        frozen[i] = subs[i].freeze();
      }
    }
    return new FieldMask(resource, selected.clone(), frozen);
  }
}
