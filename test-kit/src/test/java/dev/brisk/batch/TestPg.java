package dev.brisk.batch;

import dev.brisk.devservices.DevServices;

/** The test JVM's shared dev-services PostgreSQL (or {@code BRISK_PG_URL}). */
final class TestPg {

  private TestPg() {
  }

  static String url() {
    return DevServices.shared().pgUrl();
  }
}
