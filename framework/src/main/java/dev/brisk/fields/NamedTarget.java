package dev.brisk.fields;

import java.util.function.Supplier;

/** An embed target named by its resource's name, set by {@link Resource#link}; null until. */
final class NamedTarget implements Supplier<Resource> {
  private final String name;
  private volatile Resource target;

  NamedTarget(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** Points this name at {@code resource}; once, as a second resource would change a served one. */
  void link(Resource resource, String embed) {
    Resource current = target;
    if (current != null && current != resource) {
      throw new IllegalArgumentException("embed " + embed + " is already linked to another "
          + "resource named " + name + "; call Resource.named once per declaration");
    }
    target = resource;
  }

  @Override
  public Resource get() {
    return target;
  }
}
