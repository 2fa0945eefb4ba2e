#pragma once
// What became of a message we sent: queued until the switchboard is ready (Pending), written
// (Sent), acknowledged (Delivered) or refused (Failed, with a reason). A field of the model's
// ChatLine and of the interface's scrollback line alike.
namespace msntty {

enum class Delivery { None, Pending, Sent, Delivered, Failed };

}  // namespace msntty
