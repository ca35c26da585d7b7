/**
 * Resource endpoints: a declared {@code Resource} served as get, list and export from one
 * declaration ({@link dev.brisk.endpoint.ResourceEndpoint}), with filters declared once
 * ({@link dev.brisk.endpoint.Filter}), sorts derived from fields, and each route documented for
 * the generated API description. An HTTP feature: it builds on {@code dev.brisk.http}.
 */
package dev.brisk.endpoint;
