/**
 * Request batching, DataLoader style: {@link dev.brisk.batch.DataLoader} collects the keys loaded
 * during one event-loop turn and fetches them with one {@link dev.brisk.batch.BatchFn} call;
 * {@link dev.brisk.batch.DataLoaderScope} shares loaders, cache and batches across one unit of
 * work; {@link dev.brisk.batch.SqlBatchFn} turns a {@code = ANY($1)} query into a batch
 * function. See {@code docs/batching.md}.
 */
package dev.brisk.batch;
