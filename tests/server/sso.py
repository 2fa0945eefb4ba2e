#!/usr/bin/env python3
"""MSNP15+ SSO: the MBI_KEY_OLD response blob (HMAC-SHA1 key derivation, 3DES-EDE-CBC), pure Python.

The server recomputes the blob a client sends in `USR t SSO S <ticket> <blob>` and compares.
DES is written out here (FIPS 46-3 tables) because the standard library has no block cipher.

  python3 tests/server/sso.py          # self-test: the published vector, exit 0 when it matches
"""
import base64
import binascii
import hashlib
import hmac
import struct
import sys

HEADER_SIZE = 28
CRYPT_MODE_CBC = 1
CIPHER_3DES = 0x6603    # CALG_3DES
HASH_SHA1 = 0x8004      # CALG_SHA1
IV_SIZE = 8
HASH_SIZE = 20
LABEL_HASH = b'WS-SecureConversationSESSION KEY HASH'
LABEL_ENC = b'WS-SecureConversationSESSION KEY ENCRYPTION'

# ---------------------------------------------------------------- DES (FIPS 46-3)
_IP = (58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
       62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
       57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
       61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7)
_FP = (40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31,
       38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13, 53, 21, 61, 29,
       36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27,
       34, 2, 42, 10, 50, 18, 58, 26, 33, 1, 41, 9, 49, 17, 57, 25)
_E = (32, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 8, 9, 10, 11, 12, 13, 12, 13, 14, 15, 16, 17,
      16, 17, 18, 19, 20, 21, 20, 21, 22, 23, 24, 25, 24, 25, 26, 27, 28, 29, 28, 29, 30, 31, 32, 1)
_P = (16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
      2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25)
_PC1 = (57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3,
        60, 52, 44, 36, 63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6,
        61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4)
_PC2 = (14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
        41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32)
_SHIFTS = (1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1)
_S = (
    (14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
     4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13),
    (15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
     0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9),
    (10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
     13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12),
    (7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
     10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14),
    (2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
     4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3),
    (12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
     9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13),
    (4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
     1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12),
    (13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
     7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11),
)


def _permute(value, table, width):
    """Bit permutation; table positions count from 1 at the most significant of `width` bits."""
    out = 0
    for pos in table:
        out = (out << 1) | ((value >> (width - pos)) & 1)
    return out


def _subkeys(key8):
    k = _permute(int.from_bytes(key8, 'big'), _PC1, 64)
    c, d = k >> 28, k & 0xFFFFFFF
    keys = []
    for s in _SHIFTS:
        c = ((c << s) | (c >> (28 - s))) & 0xFFFFFFF
        d = ((d << s) | (d >> (28 - s))) & 0xFFFFFFF
        keys.append(_permute((c << 28) | d, _PC2, 56))
    return keys


def _feistel(r, k):
    x = _permute(r, _E, 32) ^ k
    out = 0
    for i in range(8):
        six = (x >> (42 - 6 * i)) & 0x3F
        row = ((six >> 4) & 2) | (six & 1)
        col = (six >> 1) & 0xF
        out = (out << 4) | _S[i][row * 16 + col]
    return _permute(out, _P, 32)


def _des_block(block, keys):
    v = _permute(block, _IP, 64)
    left, right = v >> 32, v & 0xFFFFFFFF
    for k in keys:
        left, right = right, left ^ _feistel(right, k)
    return _permute((right << 32) | left, _FP, 64)


class TripleDES:
    """3DES EDE with a 24-byte key (K1, K2, K3)."""

    def __init__(self, key24):
        if len(key24) != 24:
            raise ValueError('3DES key must be 24 bytes')
        self.k1 = _subkeys(key24[0:8])
        self.k2 = list(reversed(_subkeys(key24[8:16])))   # decryption = reversed subkeys
        self.k3 = _subkeys(key24[16:24])

    def encrypt_block(self, block):
        return _des_block(_des_block(_des_block(block, self.k1), self.k2), self.k3)

    def cbc_encrypt(self, iv, data):
        if len(iv) != 8 or len(data) % 8:
            raise ValueError('CBC needs an 8-byte IV and whole blocks')
        prev = int.from_bytes(iv, 'big')
        out = bytearray()
        for i in range(0, len(data), 8):
            prev = self.encrypt_block(int.from_bytes(data[i:i + 8], 'big') ^ prev)
            out += prev.to_bytes(8, 'big')
        return bytes(out)


# ---------------------------------------------------------------- the blob

def derive_key(secret, label):
    """24 bytes: b1 = HMAC(secret, a1+L), b2 = HMAC(secret, a2+L), a1 = HMAC(secret, L), a2 = HMAC(secret, a1)."""
    mac = lambda data: hmac.new(secret, data, hashlib.sha1).digest()
    a1 = mac(label)
    a2 = mac(a1)
    return mac(a1 + label) + mac(a2 + label)[:4]


def pkcs5_pad(data):
    n = 8 - len(data) % 8
    return data + bytes([n]) * n


def make_blob(secret, nonce, iv):
    """The raw 128-byte (for a 64-char nonce) response; secret = 24 raw bytes, nonce = the text."""
    nb = nonce.encode('ascii') if isinstance(nonce, str) else nonce
    key2, key3 = derive_key(secret, LABEL_HASH), derive_key(secret, LABEL_ENC)
    digest = hmac.new(key2, nb, hashlib.sha1).digest()
    cipher = TripleDES(key3).cbc_encrypt(iv, pkcs5_pad(nb))
    header = struct.pack('<7I', HEADER_SIZE, CRYPT_MODE_CBC, CIPHER_3DES, HASH_SHA1, IV_SIZE, HASH_SIZE, len(cipher))
    return header + iv + digest + cipher


def make_blob_b64(secret, nonce, iv):
    return base64.b64encode(make_blob(secret, nonce, iv)).decode('ascii')


def check_blob(blob_b64, secret, nonce):
    """True when blob_b64 is the right response to nonce for this secret (the IV is the blob's own)."""
    try:
        raw = base64.b64decode(blob_b64, validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(raw) < HEADER_SIZE:
        return False
    words = struct.unpack('<7I', raw[:HEADER_SIZE])
    if words[:6] != (HEADER_SIZE, CRYPT_MODE_CBC, CIPHER_3DES, HASH_SHA1, IV_SIZE, HASH_SIZE):
        return False
    if len(raw) - HEADER_SIZE != IV_SIZE + HASH_SIZE + words[6]:
        return False
    iv = raw[HEADER_SIZE:HEADER_SIZE + IV_SIZE]
    return hmac.compare_digest(raw, make_blob(secret, nonce, iv))


# ---------------------------------------------------------------- test vector
VECTOR_SECRET = bytes(range(0x01, 0x19))
VECTOR_NONCE = base64.b64encode(bytes(range(0x00, 0x30))).decode('ascii')
VECTOR_IV = bytes.fromhex('0123456789abcdef')
VECTOR_KEY2 = 'faab032d0b0b0e5c3b236294ac9070e62b429cc75f630d8f'
VECTOR_KEY3 = '6a09297162f557689b17565a605833abcd9be06386559ffa'
VECTOR_HASH = '8ac2d4c3b3900d512e07948e9696802bba73d013'
VECTOR_CIPHER = ('4e1d9eefbe67920fab6012c3d29199e18e6627a03ccfa894771326c6be8367d6e503604e760caebf17848389'
                 '2594475b0a5552d61d103f605cb4f09b002c60e1ddd1e5b5deb8ee69')
VECTOR_HEADER = '1c000000010000000366000004800000080000001400000048000000'
VECTOR_BLOB = ('HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAAAEjRWeJq83visLUw7OQDVEuB5SOlpaAK7pz0BNOHZ7vvmeSD6tg'
               'EsPSkZnhjmYnoDzPqJR3EybGvoNn1uUDYE52DK6/F4SDiSWUR1sKVVLWHRA/YFy08JsALGDh3dHltd647mk=')


def selftest():
    """Raises AssertionError unless every step reproduces the published vector."""
    # FIPS 81 / NBS single-DES example, 3DES with K1=K2=K3 degenerates to it
    k = bytes.fromhex('0123456789abcdef')
    assert TripleDES(k * 3).encrypt_block(int.from_bytes(b'Now is t', 'big')) == 0x3fa40e8a984d4815
    key2, key3 = derive_key(VECTOR_SECRET, LABEL_HASH), derive_key(VECTOR_SECRET, LABEL_ENC)
    assert key2.hex() == VECTOR_KEY2, key2.hex()
    assert key3.hex() == VECTOR_KEY3, key3.hex()
    assert hmac.new(key2, VECTOR_NONCE.encode(), hashlib.sha1).hexdigest() == VECTOR_HASH
    cipher = TripleDES(key3).cbc_encrypt(VECTOR_IV, pkcs5_pad(VECTOR_NONCE.encode()))
    assert cipher.hex() == VECTOR_CIPHER, cipher.hex()
    blob = make_blob(VECTOR_SECRET, VECTOR_NONCE, VECTOR_IV)
    assert blob[:HEADER_SIZE].hex() == VECTOR_HEADER and len(blob) == 128
    assert base64.b64encode(blob).decode() == VECTOR_BLOB
    assert check_blob(VECTOR_BLOB, VECTOR_SECRET, VECTOR_NONCE)
    flipped = bytearray(blob)
    flipped[60] ^= 1
    assert not check_blob(base64.b64encode(bytes(flipped)).decode(), VECTOR_SECRET, VECTOR_NONCE)
    assert not check_blob(VECTOR_BLOB, bytes(24), VECTOR_NONCE)
    assert not check_blob('not base64!', VECTOR_SECRET, VECTOR_NONCE)
    assert not check_blob(VECTOR_BLOB[:40], VECTOR_SECRET, VECTOR_NONCE)


if __name__ == '__main__':
    selftest()
    print('sso vector ok')
    sys.exit(0)
