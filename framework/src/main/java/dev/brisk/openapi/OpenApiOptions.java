package dev.brisk.openapi;

import java.util.Objects;

/**
 * What the generated API description says about the app as a whole, and whether it and the
 * explorer are served at all ({@code --openapi off} turns both off).
 *
 * <p>{@code OpenApiOptions.defaults().withTitle("Shop API").withDescription("...")}
 *
 * @param enabled whether {@code GET /openapi.json} and {@code GET /docs} are served
 * @param title {@code info.title}
 * @param version {@code info.version} of the unversioned description (the app's version)
 * @param description {@code info.description} (CommonMark), or {@code null}
 * @param bearerTokens whether callers may also authenticate with {@code Authorization: Bearer}
 *     (a JWT): the description then offers that scheme beside the API key; Brisk sets it when
 *     bearer tokens are configured
 */
public record OpenApiOptions(boolean enabled, String title, String version,
    String description, boolean bearerTokens) {

  public OpenApiOptions {
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("title must not be blank, was '" + title + "'");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("version must not be blank, was '" + version + "'");
    }
  }

  /** Served, titled {@code Brisk API}, version {@code 1.0.0}, no description, API keys only. */
  public static OpenApiOptions defaults() {
    return new OpenApiOptions(true, "Brisk API", "1.0.0", null, false);
  }

  public OpenApiOptions withEnabled(boolean on) {
    return new OpenApiOptions(on, title, version, description, bearerTokens);
  }

  public OpenApiOptions withTitle(String text) {
    return new OpenApiOptions(enabled, text, version, description, bearerTokens);
  }

  public OpenApiOptions withVersion(String text) {
    return new OpenApiOptions(enabled, title, text, description, bearerTokens);
  }

  public OpenApiOptions withDescription(String text) {
    return new OpenApiOptions(enabled, title, version, Objects.requireNonNull(text, "text"),
        bearerTokens);
  }

  public OpenApiOptions withBearerTokens(boolean accepted) {
    return new OpenApiOptions(enabled, title, version, description, accepted);
  }
}
