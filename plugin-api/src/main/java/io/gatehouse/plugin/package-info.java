/** placeholder */ package io.gatehouse.plugin;
