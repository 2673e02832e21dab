/**
 * Dissection of market-data feeds from protocol descriptions.
 * <p>
 * <b>Descriptions.</b> A protocol is written in FeedScope's small protocol-description language
 * (an ANTLR 4 grammar, files {@code *.fsp}); {@link io.feedscope.dissect.ProtocolCompiler} turns one
 * into an EMF model (metamodel built in code, see {@code internal.model.ProtocolModel}) and then into a
 * {@link io.feedscope.dissect.Protocol}: flat int arrays of offsets, widths and kinds per message type.
 * Errors come back all at once as {@link io.feedscope.dissect.ProtocolDiagnostic}s with
 * file:line:column.
 * <p>
 * <b>Finding protocols.</b> Protocol bundles contribute descriptions in {@code plugin.xml} to the extension
 * point {@code io.feedscope.dissect.protocols}: read by the extension registry in OSGi and from the class path
 * in a plain JVM such as the CLI (one discovery path). Description files need no bundle: the user's and the
 * site's protocols folders and {@code --protocol FILE}. {@link io.feedscope.dissect.ProtocolRegistry} collects
 * and compiles them; {@link io.feedscope.dissect.ProtocolSet} adds the user's bindings.
 * <p>
 * <b>Decoding.</b> {@link io.feedscope.dissect.FeedDissector} is a reusable, not thread-safe
 * flyweight: {@code dissect(capture, frame)} returns its {@link io.feedscope.dissect.FeedPacket}
 * (feed protocol, {@link io.feedscope.dissect.PacketKind}, session, sequence, count, addresses),
 * whose {@link io.feedscope.dissect.FeedMessage} cursor walks the messages. Fields are read by
 * precompiled id ({@code getLong(id)}, no allocation, absolute reads on the frame buffer) or visited
 * generically ({@link io.feedscope.dissect.FieldVisitor}) for trees and text output. Malformed bytes
 * never throw: they become {@link io.feedscope.dissect.ExpertItem}s.
 * <p>
 * <b>Typical use:</b>
 * <pre>
 * ProtocolSet protocols = ProtocolRegistry.getDefault().compile();   // or .builder()... for user bindings
 * FeedDissector d = new FeedDissector(protocols);
 * int price = protocols.fieldId("itch50.price");
 * FeedPacket p = d.dissect(capture, frame);
 * for (FeedMessage m = p.messages(); m.next();) {
 *     if (m.has(price)) { long unscaled = m.getLong(price); int scale = m.scale(price); }
 * }
 * </pre>
 */
@NonNullByDefault
package io.feedscope.dissect;

import org.eclipse.jdt.annotation.NonNullByDefault;
