/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wsauth.ticket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Derives from a ticket both the key it is stored under and the key its grant is
 * encrypted with (AES-256-GCM), so that a store holds nothing usable without the ticket
 * itself: neither a way to open a socket, nor the bearer token or session id inside a
 * grant. The authentication tag also means only a grant sealed by someone holding the
 * ticket is ever deserialized.
 */
final class TicketSeal {

	private static final String CIPHER = "AES/GCM/NoPadding";

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom random = new SecureRandom();

	private TicketSeal() {
	}

	/**
	 * Return the key a ticket's grant is stored under.
	 * @param ticket the ticket
	 * @return a hex SHA-256, unrelated to the encryption key
	 */
	static String storeKey(String ticket) {
		return HexFormat.of().formatHex(sha256("wsauth-ticket-id:" + ticket));
	}

	static byte[] seal(String ticket, byte[] grant) {
		byte[] iv = new byte[IV_BYTES];
		random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance(CIPHER);
			cipher.init(Cipher.ENCRYPT_MODE, key(ticket), new GCMParameterSpec(TAG_BITS, iv));
			byte[] sealed = cipher.doFinal(grant);
			return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM unavailable", ex);
		}
	}

	/**
	 * Open a sealed grant.
	 * @param ticket the ticket
	 * @param sealed what the store held
	 * @return the serialized grant, or {@code null} if it was not sealed with this ticket
	 * or was altered
	 */
	static byte @Nullable [] open(String ticket, byte[] sealed) {
		if (sealed.length <= IV_BYTES) {
			return null;
		}
		try {
			Cipher cipher = Cipher.getInstance(CIPHER);
			cipher.init(Cipher.DECRYPT_MODE, key(ticket), new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
			return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
		}
		catch (GeneralSecurityException ex) {
			return null;
		}
	}

	private static SecretKeySpec key(String ticket) {
		return new SecretKeySpec(sha256("wsauth-ticket-key:" + ticket), "AES");
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
