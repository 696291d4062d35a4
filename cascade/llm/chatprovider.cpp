#include "cascade/llm/chatprovider.h"

#include "cascade/core/error.h"
#include "cascade/llm/openaichatprovider.h"

namespace cascade {

std::unique_ptr<ChatProvider> make_chat_provider(const std::string& provider) {
    if (provider == "openai") return std::make_unique<OpenAiChatProvider>();
    throw Error("unknown model provider \"" + provider + "\" (known: openai)");
}

}  // namespace cascade
