package dev.tierkit.common.admin;

/**
 * Handles one admin route. Runs on the admin event loop, so it must not block for long: hand slow
 * work to another thread and answer 202.
 */
@FunctionalInterface
public interface AdminHandler {
  AdminResponse handle(AdminRequest request) throws Exception;
}
