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

package dev.wsauth.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder to a test service that can be switched off (closing every
 * connection and refusing new ones) and on again on the same port, to simulate an outage.
 */
public final class TcpForwarder implements AutoCloseable {

	private final TestServices.Endpoint target;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket server;

	private TcpForwarder(TestServices.Endpoint target) throws IOException {
		this.target = target;
		this.server = bind(0);
		this.port = this.server.getLocalPort();
		acceptInBackground(this.server);
	}

	/** Start forwarding a loopback port to the target. */
	public static TcpForwarder to(TestServices.Endpoint target) {
		try {
			return new TcpForwarder(target);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The loopback port clients connect to. */
	public int port() {
		return this.port;
	}

	/** Close every connection and stop accepting new ones. */
	public synchronized void stop() {
		closeQuietly(this.server);
		this.server = null;
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	/**
	 * Stop accepting new connections while the open ones keep forwarding, as a network
	 * that refuses new connections but keeps established ones does; {@link #start()}
	 * accepts again.
	 */
	public synchronized void refuseNew() {
		closeQuietly(this.server);
		this.server = null;
	}

	/** Accept connections again, on the same port. */
	public synchronized void start() {
		if (this.server != null) {
			return;
		}
		try {
			this.server = bind(this.port);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		acceptInBackground(this.server);
	}

	@Override
	public void close() {
		stop();
	}

	private static ServerSocket bind(int port) throws IOException {
		ServerSocket server = new ServerSocket();
		server.setReuseAddress(true);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return server;
	}

	private void acceptInBackground(ServerSocket server) {
		Thread thread = new Thread(() -> {
			while (!server.isClosed()) {
				try {
					Socket client = server.accept();
					Socket upstream = new Socket();
					try {
						upstream.connect(new InetSocketAddress(this.target.host(), this.target.port()), 2000);
					}
					catch (IOException ex) {
						closeQuietly(client);
						closeQuietly(upstream);
						continue;
					}
					this.sockets.add(client);
					this.sockets.add(upstream);
					pump(client, upstream);
					pump(upstream, client);
				}
				catch (IOException ex) {
					// closed by stop()
				}
			}
		}, "tcp-forwarder-accept-" + this.port);
		thread.setDaemon(true);
		thread.start();
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// connection closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "tcp-forwarder-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

}
