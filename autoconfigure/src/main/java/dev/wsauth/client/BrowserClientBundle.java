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

package dev.wsauth.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

import org.springframework.core.io.ClassPathResource;
import org.springframework.util.Assert;

/**
 * The browser client bundle (the npm package {@code @wsauth/client} bundled with
 * {@code @stomp/stompjs} by the {@code wsauth-browser-client} jar) and the entry module
 * that re-exports it under its content-hashed name.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class BrowserClientBundle {

	/**
	 * Classpath location of the bundle.
	 */
	public static final String LOCATION = "META-INF/wsauth/client/wsauth-client.js";

	/**
	 * File name of the entry module, the stable URL pages import.
	 */
	public static final String ENTRY_NAME = "wsauth-client.js";

	private static final int HASH_LENGTH = 16;

	private final byte[] bundle;

	private final String bundleName;

	private final String bundleETag;

	private final byte[] entry;

	private final String entryETag;

	/**
	 * Create a bundle from its content.
	 * @param bundle the bundled client, an ESM module
	 */
	public BrowserClientBundle(byte[] bundle) {
		Assert.notNull(bundle, "'bundle' must not be null");
		this.bundle = bundle.clone();
		byte[] digest = sha256(this.bundle);
		this.bundleName = "wsauth-client." + HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH) + ".js";
		this.bundleETag = etag(digest);
		this.entry = ("export * from './" + this.bundleName + "';\n").getBytes(StandardCharsets.UTF_8);
		this.entryETag = etag(sha256(this.entry));
	}

	/**
	 * Load the bundle from {@link #LOCATION}.
	 * @param classLoader the class loader to load it with
	 * @return the bundle
	 * @throws UncheckedIOException if it cannot be read
	 */
	public static BrowserClientBundle load(ClassLoader classLoader) {
		try (InputStream input = new ClassPathResource(LOCATION, classLoader).getInputStream()) {
			return new BrowserClientBundle(input.readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the browser client bundle " + LOCATION, ex);
		}
	}

	/**
	 * Return the bundle's content-hashed file name, such as
	 * {@code wsauth-client.0123456789abcdef.js}.
	 * @return the file name
	 */
	public String getBundleName() {
		return this.bundleName;
	}

	/**
	 * Return the bundle.
	 * @return a copy of its bytes
	 */
	public byte[] getBundle() {
		return this.bundle.clone();
	}

	/**
	 * Return the bundle's strong ETag.
	 * @return the quoted ETag
	 */
	public String getBundleETag() {
		return this.bundleETag;
	}

	/**
	 * Return the entry module: {@code export * from './wsauth-client.<hash>.js';}.
	 * @return a copy of its bytes
	 */
	public byte[] getEntry() {
		return this.entry.clone();
	}

	/**
	 * Return the entry module's strong ETag.
	 * @return the quoted ETag
	 */
	public String getEntryETag() {
		return this.entryETag;
	}

	byte[] bundleBytes() {
		return this.bundle;
	}

	byte[] entryBytes() {
		return this.entry;
	}

	private static String etag(byte[] digest) {
		return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
