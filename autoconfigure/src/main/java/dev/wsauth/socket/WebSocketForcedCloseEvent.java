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
package dev.wsauth.socket;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published when wsauth closes a socket from the server side: a logout or expired session
 * (4002), an expired credential (4001), a revocation. Carries what an audit log needs,
 * never a credential or session id.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class WebSocketForcedCloseEvent extends ApplicationEvent {

	private final @Nullable String principalName;

	private final @Nullable String remoteAddress;

	private final String transport;

	private final int closeCode;

	private final String closeReason;

	/**
	 * Create an event.
	 * @param source the component that closed the socket
	 * @param principalName the name of the socket's user, or {@code null}
	 * @param remoteAddress the client's address, or {@code null}
	 * @param transport the transport, {@code websocket} or {@code sockjs}
	 * @param closeCode the close code
	 * @param closeReason the close reason the client was sent
	 */
	public WebSocketForcedCloseEvent(Object source, @Nullable String principalName, @Nullable String remoteAddress,
			String transport, int closeCode, String closeReason) {
		super(source);
		this.principalName = principalName;
		this.remoteAddress = remoteAddress;
		this.transport = transport;
		this.closeCode = closeCode;
		this.closeReason = closeReason;
	}

	/**
	 * Return the name of the socket's user.
	 * @return the principal name, or {@code null}
	 */
	public @Nullable String getPrincipalName() {
		return this.principalName;
	}

	/**
	 * Return the client's address.
	 * @return the address, or {@code null}
	 */
	public @Nullable String getRemoteAddress() {
		return this.remoteAddress;
	}

	/**
	 * Return the transport of the socket.
	 * @return {@code websocket} or {@code sockjs}
	 */
	public String getTransport() {
		return this.transport;
	}

	/**
	 * Return the close code.
	 * @return the code, such as 4002
	 */
	public int getCloseCode() {
		return this.closeCode;
	}

	/**
	 * Return the close reason the client was sent.
	 * @return the reason
	 */
	public String getCloseReason() {
		return this.closeReason;
	}

	@Override
	public String toString() {
		return "WebSocketForcedCloseEvent[principalName=" + this.principalName + ", remoteAddress=" + this.remoteAddress
				+ ", closeCode=" + this.closeCode + ", closeReason=" + this.closeReason + "]";
	}

}
