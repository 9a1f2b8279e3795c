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

import java.io.IOException;
import java.security.Principal;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * The session object Spring's messaging handlers see: it reports the authentication
 * wsauth bound during the handshake as the principal, lets wsauth choose the close code
 * that follows an ERROR frame, and makes sure wsauth's own ERROR frame reaches the client
 * before that close.
 * <p>
 * Spring wraps this session in a {@code ConcurrentWebSocketSessionDecorator}, whose
 * {@code close} drops what is still in its send buffer. A frame sent while another thread
 * finishes a write can stay in that buffer (the other thread has already looked for more
 * and is releasing its lock), so the ERROR that Spring's STOMP handler sends just before
 * closing was sometimes lost: the client saw only the close code. The refusing code keeps
 * a copy of the frame with the session; if the frame has not gone out when the close
 * arrives, it is written here, after any write in progress, and the close follows.
 */
final class TrackedWebSocketSession extends WebSocketSessionDecorator {

	private static final Log logger = LogFactory.getLog(TrackedWebSocketSession.class);

	private static final String ERROR_COMMAND = "ERROR\n";

	// Spring's send buffer serializes writes, so this lock is only ever contended by a
	// close that has to write a held-back ERROR frame.
	private final ReentrantLock writeLock = new ReentrantLock();

	private final AtomicReference<@Nullable PendingClose> pendingClose = new AtomicReference<>();

	private volatile boolean errorWritten;

	private volatile boolean closing;

	private volatile boolean onlyError;

	TrackedWebSocketSession(WebSocketSession delegate) {
		super(delegate);
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) throws IOException {
		this.writeLock.lock();
		try {
			if (this.closing || (this.onlyError && !isError(message))) {
				// Closed here after writing the ERROR copy (Spring's buffer would drop
				// this frame too), or being closed by the server.
				return;
			}
			if (isError(message)) {
				this.errorWritten = true;
			}
			super.sendMessage(message);
		}
		finally {
			this.writeLock.unlock();
		}
		completePendingClose();
	}

	/**
	 * From now on write only an ERROR frame: the socket is being closed by the server,
	 * and the frames Spring's channels still carry to it must not reach the client.
	 */
	void acceptOnlyError() {
		this.onlyError = true;
	}

	@Override
	public @Nullable Principal getPrincipal() {
		if (WsAuthAttributes.isAuthenticationPending(getAttributes())) {
			// Until its CONNECT frame authenticates it, the socket is nobody's, whoever
			// the upgrade request's own principal was (a cookie is not a credential on
			// a CONNECT-authentication endpoint).
			return null;
		}
		Authentication authentication = WsAuthAttributes.authentication(getAttributes());
		return (authentication != null) ? authentication : super.getPrincipal();
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		if (!CloseStatus.PROTOCOL_ERROR.equals(status)
				|| !(getAttributes().remove(WsAuthAttributes.PENDING_CLOSE_STATUS) instanceof CloseStatus pending)) {
			super.close(status);
			return;
		}
		if (this.errorWritten
				|| !(getAttributes().remove(WsAuthAttributes.PENDING_ERROR_FRAME) instanceof byte[] errorFrame)) {
			super.close(pending);
			return;
		}
		// Never waits: a write in progress (possibly to a slow client) completes
		// the close when it ends.
		this.pendingClose.set(new PendingClose(pending, errorFrame));
		completePendingClose();
	}

	private void completePendingClose() {
		while (this.pendingClose.get() != null && this.writeLock.tryLock()) {
			try {
				PendingClose pending = this.pendingClose.getAndSet(null);
				if (pending != null) {
					this.closing = true;
					writeHeldBackError(pending.errorFrame());
					closeQuietly(pending.status());
					return;
				}
			}
			finally {
				this.writeLock.unlock();
			}
		}
	}

	private void writeHeldBackError(byte[] errorFrame) {
		if (this.errorWritten) {
			return;
		}
		try {
			super.sendMessage(new TextMessage(errorFrame));
			this.errorWritten = true;
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not write the ERROR frame before closing (" + ex.getClass().getName() + ")");
		}
	}

	private void closeQuietly(CloseStatus status) {
		try {
			super.close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not close the WebSocket session (" + ex.getClass().getName() + ")");
		}
	}

	private static boolean isError(WebSocketMessage<?> message) {
		if (message instanceof TextMessage text) {
			return text.getPayload().startsWith(ERROR_COMMAND);
		}
		return false;
	}

	private record PendingClose(CloseStatus status, byte[] errorFrame) {

	}

}
