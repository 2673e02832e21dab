/**
 * Implementation of the sequence chart (tick arithmetic, label formats, per-pixel aggregation); exported
 * to the test fragment and the workbench bundle only.
 */
@NonNullByDefault
package io.feedscope.ui.chart.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;
