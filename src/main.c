/*
 * main.c - command line, configuration, run mode, signals.
 */
#include <stdio.h>

int main(void)
{
    return 0;
}
