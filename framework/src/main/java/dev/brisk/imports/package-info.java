/**
 * Streamed NDJSON imports declared in a few lines: {@link dev.brisk.imports.NdjsonImport} reads
 * an {@code application/x-ndjson} body (gzip or deflate too) line by line with backpressure,
 * validates each line with a {@code BodySchema}, writes the valid ones in batches through a
 * {@link dev.brisk.imports.BatchWriter}, one transaction each, within
 * {@link dev.brisk.imports.ImportLimits}, and answers what was imported and which lines were not.
 * See {@code docs/streaming.md#import}.
 */
package dev.brisk.imports;
