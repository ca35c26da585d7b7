package dev.brisk.fields;

/** Test resources embedding each other in a chain, for depth limits. */
final class Chains {
  private Chains() {
  }

  /** A resource with {@code length - 1} levels of {@code next} embeds below it. */
  static Resource chain(int length) {
    Resource resource = Resource.builder("r0", "t0", "t0").field("id", "id", FieldType.LONG)
        .build();
    for (int i = 1; i < length; i++) {
      resource = Resource.builder("r" + i, "t" + i, "t" + i).field("id", "id", FieldType.LONG)
          .field("next_id", "next_id", FieldType.LONG)
          .embedOne("next", "next_id", resource)
          .build();
    }
    return resource;
  }
}
