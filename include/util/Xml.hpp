#pragma once
// Just enough XML for MSNP's small documents (UUX/UBX personal messages, mail data): escaping,
// unescaping, and the text of the first element with a given tag. Not a general parser.
#include <string>
#include <string_view>

namespace msntty {

std::string xml_escape(std::string_view s);
std::string xml_unescape(std::string_view s);  // &lt; &gt; &amp; &quot; &apos; &#NN; &#xNN;
// Unescaped text of the first <tag>...</tag> (or "" for <tag/> or when absent).
std::string xml_element_text(std::string_view doc, std::string_view tag);

}  // namespace msntty
