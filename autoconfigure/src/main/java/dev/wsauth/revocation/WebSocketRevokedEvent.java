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
package dev.wsauth.revocation;

import java.util.List;

import org.springframework.context.ApplicationEvent;

/**
 * Published on each node where a revocation was applied: by this node's own call to
 * {@link WebSocketRevocations}, or as it arrived from another node. Names the users whose
 * sockets it closed here, never a session id or its hash.
 *
 * @author wsauth
 * @since 0.1.0
 */
public final class WebSocketRevokedEvent extends ApplicationEvent {

	private final Revocation.Kind kind;

	private final List<String> principalNames;

	private final int closeCode;

	private final String closeReason;

	private final int closedConnections;

	private final boolean fromAnotherNode;

	/**
	 * Create an event.
	 * @param source the revocations that applied it
	 * @param kind what the revocation targeted: a user or an HTTP session
	 * @param principalNames the users whose sockets it closed on this node (for a user
	 * revocation, that user even if no socket of theirs was open here)
	 * @param closeCode the close code
	 * @param closeReason the close reason
	 * @param closedConnections how many sockets it closed on this node
	 * @param fromAnotherNode whether the revocation arrived from another node
	 */
	public WebSocketRevokedEvent(Object source, Revocation.Kind kind, List<String> principalNames, int closeCode,
			String closeReason, int closedConnections, boolean fromAnotherNode) {
		super(source);
		this.kind = kind;
		this.principalNames = List.copyOf(principalNames);
		this.closeCode = closeCode;
		this.closeReason = closeReason;
		this.closedConnections = closedConnections;
		this.fromAnotherNode = fromAnotherNode;
	}

	/**
	 * Return what the revocation targeted.
	 * @return the kind
	 */
	public Revocation.Kind getKind() {
		return this.kind;
	}

	/**
	 * Return the users concerned on this node.
	 * @return the principal names
	 */
	public List<String> getPrincipalNames() {
		return this.principalNames;
	}

	/**
	 * Return the close code.
	 * @return the code
	 */
	public int getCloseCode() {
		return this.closeCode;
	}

	/**
	 * Return the close reason.
	 * @return the reason
	 */
	public String getCloseReason() {
		return this.closeReason;
	}

	/**
	 * Return how many sockets the revocation closed on this node.
	 * @return the count
	 */
	public int getClosedConnections() {
		return this.closedConnections;
	}

	/**
	 * Return whether the revocation arrived from another node.
	 * @return {@code true} if another node published it
	 */
	public boolean isFromAnotherNode() {
		return this.fromAnotherNode;
	}

	@Override
	public String toString() {
		return "WebSocketRevokedEvent[kind=" + this.kind + ", principalNames=" + this.principalNames + ", closeCode="
				+ this.closeCode + ", closedConnections=" + this.closedConnections + ", fromAnotherNode="
				+ this.fromAnotherNode + "]";
	}

}
