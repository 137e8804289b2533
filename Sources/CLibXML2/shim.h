// libxml2 as Debian builds it includes the system's ICU headers, which clash
// with the ICU Foundation carries; Fundus never uses libxml2's ICU encoders.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
