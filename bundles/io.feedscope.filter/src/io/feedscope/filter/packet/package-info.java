/**
 * Display filters over captured packets: the one field vocabulary ({@link io.feedscope.filter.packet.PacketFields})
 * that the command line and the workbench share, frame, Ethernet, VLAN, IPv4 and UDP fields with Wireshark's
 * names plus every field of the installed protocol descriptions, and the record that reads them from a
 * dissected frame ({@link io.feedscope.filter.packet.PacketRecord}).
 */
@NonNullByDefault
package io.feedscope.filter.packet;

import org.eclipse.jdt.annotation.NonNullByDefault;
