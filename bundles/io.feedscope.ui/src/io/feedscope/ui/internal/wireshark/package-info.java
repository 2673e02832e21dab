/**
 * The workbench side of the Wireshark companion (issue 12): File &gt; Export Wireshark Dissector..., and
 * "Open in Wireshark" / "Export Frames as pcapng with comments..." in the packet table, sequence chart and
 * findings context menus. Writing files and starting Wireshark are done by {@code io.feedscope.wireshark}
 * (plain JVM); {@link io.feedscope.ui.internal.wireshark.WiresharkFrames} picks the frames without touching
 * widgets; the rest only wires menus to them.
 * <p>
 * As in {@code io.feedscope.ui.internal}: returns, type arguments and array contents are non-null by default,
 * parameters and fields are not (handlers and label providers override unannotated workbench methods).
 */
@NonNullByDefault({ DefaultLocation.RETURN_TYPE, DefaultLocation.TYPE_ARGUMENT, DefaultLocation.TYPE_BOUND,
		DefaultLocation.ARRAY_CONTENTS })
package io.feedscope.ui.internal.wireshark;

import org.eclipse.jdt.annotation.DefaultLocation;
import org.eclipse.jdt.annotation.NonNullByDefault;
