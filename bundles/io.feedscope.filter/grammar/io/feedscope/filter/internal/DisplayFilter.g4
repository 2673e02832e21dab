/*
 * FeedScope display filters, Wireshark style:
 *   itch50.stock == "AAPL" and itch50.shares > 100
 *   moldudp64.sequence in {1 2 3} || !itch50.price
 * Precedence, tightest first: not, and, or. A bare field tests existence.
 */
grammar DisplayFilter;

// no @header: antlr4-maven-plugin gives the package from the directory (io/feedscope/filter/internal)

filter : expr EOF ;

expr
    : NOT expr                                         # notExpr
    | expr AND expr                                    # andExpr
    | expr OR expr                                     # orExpr
    | LPAREN expr RPAREN                               # parenExpr
    | FIELD op=(EQ | NE | LT | LE | GT | GE) literal   # compareExpr
    | FIELD CONTAINS STRING                            # containsExpr
    | FIELD IN LBRACE literal (COMMA? literal)* RBRACE # inExpr
    | FIELD                                            # existsExpr
    ;

literal : INTEGER | DECIMAL | STRING ;

// keywords before FIELD: on equal length the first rule wins
AND      : 'and' | '&&' ;
OR       : 'or' | '||' ;
NOT      : 'not' | '!' ;
EQ       : '==' | 'eq' ;
NE       : '!=' | 'ne' ;
LE       : '<=' | 'le' ;
GE       : '>=' | 'ge' ;
LT       : '<' | 'lt' ;
GT       : '>' | 'gt' ;
IN       : 'in' ;
CONTAINS : 'contains' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
COMMA    : ',' ;

DECIMAL  : '-'? [0-9]+ '.' [0-9]+ ;
INTEGER  : '-'? [0-9]+ | '0' [xX] [0-9a-fA-F]+ ;
FIELD    : [a-zA-Z_] [a-zA-Z0-9_]* ('.' [a-zA-Z0-9_]+)* ;
STRING   : '"' ( '\\' . | ~["\\\r\n] )* '"' ;

WS       : [ \t\r\n]+ -> skip ;

// not part of the language: lexed so the parser can say what was probably meant
ASSIGN   : '=' ;
AMP      : '&' ;
BAR      : '|' ;
ERRCHAR  : . ;
