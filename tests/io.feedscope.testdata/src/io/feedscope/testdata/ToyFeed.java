package io.feedscope.testdata;

/**
 * An invented feed, described as a team writes its first protocol files: a framing ({@code toyf.fsp}: channel,
 * sequence, count, blocks of [length u8][message] on UDP port 7777) and its messages ({@code toy.fsp}: a 9-byte
 * quote). One copy for the command line's and the workbench's protocol-file tests, so both faces are tested on the
 * same text (line and column numbers of {@link #TOY_BROKEN} are asserted by both).
 */
public final class ToyFeed {

	/** The framing's file text. */
	public static final String TOYF = """
			// Toy framing: channel u8, sequence u32, count u8, then count blocks of length u8 + message
			protocol toyf "Toy Framing" {
			  byteorder big;
			  field channel : u8 "Channel" role session;
			  field seq : u32 "Sequence" role sequence;
			  field count : u8 "Count" role count;
			  field len : u8 "Length" role msglen;
			  field body : bytes "Body";
			  packet p { channel, seq, count, repeat count { len, body[len] -> feed } }
			  bindings { udp port 7777; }
			}
			""";

	/** The messages' file text. */
	public static final String TOY = """
			protocol toy "Toy Feed" {
			  byteorder big;
			  enum kind : char { 'Q' quote "Quote"; }
			  field kind : char "Kind" enum kind;
			  field symbol : ascii(4) "Symbol";
			  field bid : decimal(u32, 2) "Bid";
			  messages by kind { case 'Q' length 9 { kind, symbol, bid } else unknown "Unknown Toy"; }
			  bindings { carried by toyf; }
			}
			""";

	/** {@link #TOY} with the ';' after field symbol lost: the error is at line 5, column 35. */
	public static final String TOY_BROKEN = TOY.replace("field symbol : ascii(4) \"Symbol\";",
			"field symbol : ascii(4) \"Symbol\"");

	private ToyFeed() {
	}
}
