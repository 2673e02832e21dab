/*
 * FeedScope protocol-description language (".fsp" files).
 *
 * The grammar is deliberately permissive about names: type names (u16, ascii, decimal, time...),
 * units, roles and packet kinds are plain identifiers that the compiler (ProtocolCompiler) checks,
 * so that a wrong one gets a precise "file:line:column: unknown type 'u24'" instead of a parser
 * error, and all of them are reported in one pass. Keywords are soft: a field may be called
 * "printable" or "size" (ITCH has a Printable field).
 */
grammar FeedProto;

file        : protocol EOF ;

protocol    : 'protocol' name=ident label=STRING? doc? '{' decl* '}' ;

decl        : byteOrderDecl
            | kindDecl
            | enumDecl
            | fieldDecl
            | messagesDecl
            | packetDecl
            | bindingsDecl
            ;

doc         : 'doc' STRING+ ;

byteOrderDecl : 'byteorder' order=ident ';' ;

kindDecl    : 'kind' value=ident ';' ;

// enum NAME [: char|int|string] { 'A' name "Label" [doc "..."]; ... }
enumDecl    : 'enum' name=ident (':' keyKind=ident)? doc? '{' literal* '}' ;
literal     : code name=ident label=STRING? doc? ';' ;
code        : CHAR | INT | STRING ;

// field NAME : TYPE [be|le] ["Label"] [enum E] [role R] [counts itself] [doc "..."] [special { ... }] [= A + B] ;
fieldDecl   : 'field' name=ident ':' type fieldAttr* (derivation fieldAttr*)? ';' ;
// a derived time: the last value of A seen on the stream (a seconds message) plus B in this message
derivation  : '=' base=ident '+' offset=ident ;
type        : tname=ident ('(' typeArg (',' typeArg)* ')')? ;
typeArg     : INT | ident ;
fieldAttr   : STRING                                        # labelAttr
            | 'enum' ident                                  # enumAttr
            | 'role' ident                                  # roleAttr
            | doc                                           # docAttr
            | order=('be' | 'le')                           # orderAttr
            | 'special' '{' special* '}'                    # specialAttr
            | 'counts' 'itself'                             # countsItselfAttr
            ;
special     : INT name=ident label=STRING? ('->' kind=ident)? ';' ;

// messages by FIELD { case CODE [length N] { a, b, c } ... else NAME "Label"; }
messagesDecl: 'messages' 'by' disc=ident '{' messageCase* fallback? '}' ;
messageCase : 'case' code ('length' INT)? doc? '{' elements? '}' ;
fallback    : 'else' name=ident label=STRING? ';' ;

// packet NAME "Label" [kind K] [when COND and COND ...] { elements }
packet_kind : 'kind' ident ;
packetDecl  : 'packet' name=ident label=STRING? packet_kind? condition? doc? '{' elements? '}' ;

elements    : element (',' element)* ','? ;
element     : 'repeat' (count=ident | toEnd='to' 'end') '{' elements? '}'     # repeatElement
            | field=ident ('[' size=ident ']')? (handoff='->' 'feed')?         # fieldElement
            ;

condition   : 'when' test ('and' test)* ;
test        : 'size' op=cmpOp INT                                 # sizeTest
            | 'printable' ident                                   # printableTest
            | 'blocks' 'fill' 'payload'                           # blocksFillTest
            | ident neg='not'? 'special'                          # specialTest
            | ident op=cmpOp 'size'                               # fieldSizeTest
            | ident op=cmpOp INT                                  # fieldTest
            ;
cmpOp       : '==' | '!=' | '<' | '<=' | '>' | '>=' ;

bindingsDecl: 'bindings' '{' binding* '}' ;
binding     : 'udp' 'port' portRange (',' portRange)* ';'                      # portBinding
            | 'group' groupSpec (',' groupSpec)* ';'                           # groupBinding
            | 'carried' 'by' ident (',' ident)* ';'                            # carriedBinding
            | 'heuristic' name=STRING? 'score' INT condition ';'               # heuristicBinding
            ;
portRange   : lo=INT ('..' hi=INT)? ;
groupSpec   : IPV4 ('/' INT)? ;

// every keyword may also name a thing
ident       : ID
            | 'protocol' | 'doc' | 'byteorder' | 'kind' | 'enum' | 'field' | 'role' | 'be' | 'le'
            | 'special' | 'messages' | 'by' | 'case' | 'length' | 'else' | 'packet' | 'repeat'
            | 'to' | 'end' | 'feed' | 'when' | 'and' | 'size' | 'printable' | 'blocks' | 'fill'
            | 'payload' | 'not' | 'bindings' | 'udp' | 'port' | 'group' | 'carried' | 'heuristic'
            | 'score' | 'counts' | 'itself'
            ;

IPV4        : DIGITS '.' DIGITS '.' DIGITS '.' DIGITS ;
INT         : '0' [xX] [0-9a-fA-F]+ | DIGITS ;
fragment DIGITS : [0-9]+ ;
CHAR        : '\'' ( ~['\\\r\n] | '\\' . ) '\'' ;
STRING      : '"' ( ~["\\\r\n] | '\\' . )* '"' ;
ID          : [a-zA-Z_] [a-zA-Z_0-9]* ;
LINE_COMMENT: '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT: '/*' .*? '*/' -> skip ;
WS          : [ \t\r\n]+ -> skip ;
