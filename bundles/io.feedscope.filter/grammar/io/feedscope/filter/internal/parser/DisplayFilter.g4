/*
 * FeedScope display filters, as Wireshark's wireshark-filter(4) (4.0) defines them:
 *   itch50.stock == "AAPL" and itch50.shares > 100
 *   ip.dst == 233.54.12.0/24 && eth.src[0:3] == 00:1b:21
 *   moldudp64.sequence in {1, 2, 10..20} || !itch50.price
 *   all vlan.id != 141, upper(itch50.stock) matches "^AA", len(moldudp64.session) == 10
 * Precedence, tightest first: not, and, or. A bare field tests existence.
 * Literals are typed by the field they are compared with (the compiler reads them): an address, a
 * MAC, a byte string, a number or a date is one token here (WORD when nothing narrower fits).
 */
grammar DisplayFilter;

// no @header: antlr4-maven-plugin gives the package from the directory (io/feedscope/filter/internal)

filter : expr EOF ;

expr
    : NOT expr                                                         # notExpr
    | expr AND expr                                                    # andExpr
    | expr OR expr                                                     # orExpr
    | LPAREN expr RPAREN                                               # parenExpr
    | quant=(ANY | ALL)? operand op=(EQ | NE | ALL_EQ | ANY_NE | LT | LE | GT | GE) value  # compareExpr
    | quant=(ANY | ALL)? operand CONTAINS value                        # containsExpr
    | quant=(ANY | ALL)? operand MATCHES value                         # matchesExpr
    | quant=(ANY | ALL)? operand negated=NOT? IN LBRACE element (COMMA? element)* RBRACE  # inExpr
    | operand                                                          # existsExpr
    ;

/** what a test applies to: a field, a function of operands, or a slice of either */
operand
    : FIELD LPAREN operand RPAREN                                      # callOperand
    | operand LBRACKET range (COMMA range)* RBRACKET                   # sliceOperand
    | FIELD                                                            # fieldOperand
    ;

/** right-hand side: another operand or a literal */
value : operand | literal ;

literal : INTEGER | DECIMAL | STRING | RAWSTRING | CHARCONST | WORD ;

/** a set element: a value, a range 'low .. high' (a WORD may hold '10..20' in one piece) */
element : value (DOTDOT value)? ;

/** a slice range: i, i:j, i-j, :j, i: (offsets may be negative); read by the compiler */
range : INTEGER | WORD ;

// keywords and operators before FIELD and WORD: on equal length the first rule wins
AND      : 'and' | '&&' ;
OR       : 'or' | '||' ;
NOT      : 'not' | '!' ;
EQ       : '==' | 'eq' | 'any_eq' ;
NE       : '!=' | 'ne' | 'all_ne' ;
ALL_EQ   : '===' | 'all_eq' ;
ANY_NE   : '!==' | '~=' | 'any_ne' ;
LE       : '<=' | 'le' ;
GE       : '>=' | 'ge' ;
LT       : '<' | 'lt' ;
GT       : '>' | 'gt' ;
IN       : 'in' ;
CONTAINS : 'contains' ;
MATCHES  : 'matches' | '~' ;
ANY      : 'any' ;
ALL      : 'all' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
COMMA    : ',' ;
DOTDOT   : '..' ;

DECIMAL  : '-'? [0-9]+ '.' [0-9]+ ;
INTEGER  : '-'? [0-9]+ | '0' [xX] [0-9a-fA-F]+ | '0' [bB] [01]+ ;
FIELD    : [a-zA-Z_] [a-zA-Z0-9_]* ('.' [a-zA-Z0-9_]+)* ;
RAWSTRING : 'r"' ( '\\' . | ~["\\\r\n] )* '"' ;
STRING   : '"' ( '\\' . | ~["\\\r\n] )* '"' ;
CHARCONST : '\'' ( '\\' ~[\r\n]+? | ~['\\\r\n] ) '\'' ;
/* addresses (233.54.12.0/24), MACs and byte strings (00:1b:21, 00-1b-.., 001b.213a.0a10), ranges
   (10..20), slice ranges (0:2, 1-3, -2:, :3): longer than any narrower token, so they win */
WORD     : [a-zA-Z0-9_.:/-]+ ;

WS       : [ \t\r\n]+ -> skip ;

// not part of the language: lexed so the parser can say what was probably meant
ASSIGN   : '=' ;
AMP      : '&' ;
BAR      : '|' ;
ERRCHAR  : . ;
