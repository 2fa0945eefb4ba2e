#pragma once
// Reading the RSI service's answers (doc/protocol/oim.md#rsi). A SOAP fault anywhere in the
// document, with HTTP 200 or 500, is an Error naming the call and the server's words
// (proto/SoapReply); so is an answer without the expected result.
#include <string>
#include <string_view>

#include "proto/MailData.hpp"
#include "util/Result.hpp"

namespace msntty::oim {

// GetMetadataResponse holds the <MD> document either as escaped text (Escargot) or as child
// elements (the official service): both are read.
Result<MailData> read_metadata(int http_status, std::string_view body);
// GetMessageResult: the stored message's text (MIME headers, blank line, body).
Result<std::string> read_message(int http_status, std::string_view body);
// An empty DeleteMessagesResponse.
Result<> read_delete(int http_status, std::string_view body);

}  // namespace msntty::oim
