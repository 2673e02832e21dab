/**
 * The workbench side of the Wireshark companion (issue 12): File &gt; Export Wireshark Dissector..., and
 * "Open in Wireshark" / "Export Frames as pcapng with comments..." in the packet table, sequence chart and
 * findings context menus. Writing files and starting Wireshark are done by {@code io.feedscope.wireshark}
 * (plain JVM); {@link io.feedscope.ui.internal.wireshark.WiresharkFrames} picks the frames without touching
 * widgets; the rest only wires menus to them.
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package io.feedscope.ui.internal.wireshark;
