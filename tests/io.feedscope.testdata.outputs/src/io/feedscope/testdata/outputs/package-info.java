/**
 * Test-only readers of FeedScope's outputs, one copy for every test fragment: a strict JSON reader that checks an
 * analysis report against its published schema ({@link io.feedscope.testdata.outputs.Json},
 * {@link io.feedscope.testdata.outputs.ReportSchema}), and the command line run in-process with readers of its JSON
 * Lines and CSV ({@link io.feedscope.testdata.outputs.Records}, which checks each JSON line against decode's schema,
 * {@link io.feedscope.testdata.outputs.DecodeSchemaCheck}).
 */
package io.feedscope.testdata.outputs;
