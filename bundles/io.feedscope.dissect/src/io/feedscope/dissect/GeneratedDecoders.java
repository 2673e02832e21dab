package io.feedscope.dissect;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The decoders generated from the built-in descriptions ({@link DecoderSource}), each used only for a
 * protocol whose layouts are exactly the ones it was generated from: a description changed or replaced at
 * run time (same name, other layouts) is decoded by the {@link InterpretedDecoder}.
 */
final class GeneratedDecoders {

	private GeneratedDecoders() {
	}

	/** @return the generated decoder for exactly this protocol's layouts, or null */
	static @Nullable MessageDecoder find(Protocol p) {
		if (p.fTypeCount == 0) {
			return null;
		}
		return switch (p.name()) {
		case "itch50" -> Itch50Decoder.LAYOUT.equals(DecoderSource.layoutKey(p)) ? Itch50Decoder.INSTANCE : null;
		default -> null;
		};
	}
}
