/**
 * What the packet views show, computed without a display: the analysis pass that fills the
 * {@link io.feedscope.ui.FeedModel} ({@link FeedModelBuilder}), a packet table row ({@link PacketRowModel}) and the
 * feed layer of the details tree ({@link PacketDetailsModel}). Public so that a protocol's own test fragment can
 * check what the workbench shows of its packets without starting a workbench or reaching into the views.
 */
@NonNullByDefault
package io.feedscope.ui.model;

import org.eclipse.jdt.annotation.NonNullByDefault;
