// SHA-256 of documents through OpenSSL's EVP interface, fed in chunks so a file of any
// size hashes in flat memory.
#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "document_internal.hpp"
#include "reckon/core/error.hpp"

namespace reckon::text {
namespace docread {

struct Sha256::Ctx {
    EVP_MD_CTX* md = nullptr;
};

Sha256::Sha256() : m_ctx(std::make_unique<Ctx>()) {
    m_ctx->md = EVP_MD_CTX_new();
    if (!m_ctx->md || EVP_DigestInit_ex(m_ctx->md, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(m_ctx->md);
        throw Error("OpenSSL cannot start a SHA-256 digest");
    }
}

Sha256::~Sha256() { EVP_MD_CTX_free(m_ctx->md); }

void Sha256::update(std::string_view bytes) {
    if (!bytes.empty()) EVP_DigestUpdate(m_ctx->md, bytes.data(), bytes.size());
}

std::string Sha256::hex_digest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(m_ctx->md, digest, &len);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * len);
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

}  // namespace docread

std::string sha256_hex(std::string_view bytes) {
    docread::Sha256 h;
    h.update(bytes);
    return h.hex_digest();
}

std::string sha256_file(const std::filesystem::path& path) {
    constexpr std::size_t CHUNK_BYTES = 1u << 20;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f)
        throw InputError(docread::where(path.string()), std::string("cannot open: ") + std::strerror(errno));
    docread::Sha256 h;
    std::vector<char> buf(CHUNK_BYTES);
    for (;;) {
        std::size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
        h.update({buf.data(), n});
        if (n < buf.size()) {
            if (std::ferror(f.get())) {
                throw InputError(docread::where(path.string()),
                                 std::string("read error: ") + std::strerror(errno));
            }
            break;
        }
    }
    return h.hex_digest();
}

}  // namespace reckon::text
