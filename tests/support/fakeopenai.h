#pragma once

#include <string>
#include <vector>

#include "cascade/core/json.h"

// Replies in the OpenAI chat completions wire format, for FakeHttpServer handlers.
namespace cascade::testing {

// A complete chat.completion object with one choice and a usage block.
Json openai_chat_reply(const std::string& text, int tokens_in, int tokens_out,
                       const std::string& model = "fake-model");

// The server-sent events of the same reply streamed (stream_options.include_usage): a role
// chunk, the text in word-sized deltas, a finish chunk, a usage-only chunk, then [DONE].
// Each entry is one whole event ("data: ...\n\n"); use with FakeReply::stream().
std::vector<std::string> openai_stream_chunks(const std::string& text, int tokens_in,
                                              int tokens_out,
                                              const std::string& model = "fake-model");

// An error body as OpenAI sends it: {"error": {"message", "type", "code": null}}.
Json openai_error(const std::string& message, const std::string& type = "invalid_request_error");

}  // namespace cascade::testing
