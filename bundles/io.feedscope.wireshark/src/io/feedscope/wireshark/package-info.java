/**
 * The Wireshark companion, plain JVM (no UI): {@link io.feedscope.wireshark.LuaExporter} writes one Lua
 * dissector from compiled protocol descriptions; {@link io.feedscope.wireshark.PcapngWriter} writes
 * annotated pcapng files (frame comments naming findings) that Wireshark and tshark read.
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package io.feedscope.wireshark;
