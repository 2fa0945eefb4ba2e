#pragma once
// The calls of the offline-message reading service, RSI (doc/protocol/oim.md#rsi): list, fetch
// one, delete some. Each returns the whole call (SOAPAction, the document with the PassportCookie
// header); `service` of the SoapCall is left at its default, the caller posts to the RSI URL.
// Values are XML-escaped here.
#include <string>
#include <vector>

#include "proto/SoapReply.hpp"

namespace msntty::oim {

// The PassportCookie header from a ticket "t=T&p=P": <t>T</t><p>P</p>. The server reads the
// first 20 characters of <t> as the ticket, so "t=" never goes inside. A ticket without "t=" is
// all T (and P is empty).
std::string passport_cookie(const std::string& ticket);

// GetMetadata: the whole list. Its element is never empty (Escargot answers HTTP 500 to that).
SoapCall get_metadata(const std::string& ticket);
// GetMessage: one stored message, not marked as read.
SoapCall get_message(const std::string& ticket, const std::string& id);
// DeleteMessages: these ids (at least one).
SoapCall delete_messages(const std::string& ticket, const std::vector<std::string>& ids);

}  // namespace msntty::oim
